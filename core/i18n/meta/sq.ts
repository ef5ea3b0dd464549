import type { metaSr } from './sr.ts';

/** Page descriptions of the site's list pages in Albanian; {where} is „në Zveçan”. */
export const metaSq: Record<keyof typeof metaSr, string> = {
  'meta.home': 'Lajme, dokumente, ngjarje dhe konsultime publike {where}, raportimi i problemeve në Sistemin 48h me përgjigje brenda 48 orëve dhe pyetje për kryetarin e komunës, të gjitha publike në arkiv.',
  'meta.news': 'Lajmet më të fundit {where}: vendimet e komunës, punimet, shërbimet dhe njoftimet për qytetarët.',
  'meta.events': 'Ngjarjet e ardhshme dhe të kaluara {where}: seancat e kuvendit, takimet publike, ngjarjet kulturore dhe sportive, me kohën, vendin dhe kalendarin.',
  'meta.info': 'Informacione praktike {where}: telefona të rëndësishëm, lidhje të dobishme dhe të dhëna për qytetarët.',
  'meta.search': 'Kërkoni lajme, dokumente, ngjarje, konsultime publike dhe informacione {where}.',
  'archive.map.failed': 'Harta nuk mund të shfaqet tani. Lista më poshtë përmban të njëjtat raportime.',
  'meta.root': 'Platforma e komunës për informimin dhe pjesëmarrjen e qytetarëve, në serbisht dhe shqip.',
};
