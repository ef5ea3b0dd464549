/** Strings of emails to staff: sign-in links, forwarded cases, resolution reminders and escalations, and the workspace link, in Serbian Cyrillic (the Latin locale is derived). */
export const staffMailSr = {
  // Every staff email: the case in the workspace, beside the one-time reply link.
  'email.staff.workspaceLink': 'Предмет у радном простору запослених (пријава адресом е-поште):',
  // A case forwarded inside the municipality, to its new inbox.
  'email.forwarded.subject': '[{platform}] Прослеђен вам је предмет {code}',
  'email.forwarded.intro': 'предмет {code} вам је прослеђен са адресе {from}. Рок остаје исти: {deadline}.',
  'email.forwarded.introNoFrom': 'предмет {code} вам је прослеђен. Рок остаје исти: {deadline}.',
  // The resolution deadline: the reminder to the inbox and the escalation to the supervisor.
  'email.resolution.subject.reminder': '[{platform}] Истекао је рок за решавање: {code}',
  'email.resolution.reminder': 'рок за решавање предмета {code} ({deadline}) је истекао, а предмет је још „у обради”. Ако је решен, означите га као решен; ако није, напишите грађанину докле се стигло. Употребите нови линк испод.',
  'email.resolution.subject.escalation': '[{platform}] Предмет {code} није решен ни после рока',
  'email.resolution.escalation': 'предмет {code} је и после рока за решавање ({deadline}) „у обради”. Предмет је код адресе {inbox}, која је добила и подсетник. Молимо вас да проверите зашто решавање касни.',
  'email.resolution.planned': 'Планирани датум: {date}.',
  // To citizens: the answer in the other language, the planned date, the date of resolution.
  // `answerIn.<lang>` is read in that language (the Albanian label from the Albanian strings), so
  // the reader of that language finds their answer.
  'email.answerIn.sr': 'Одговор на српском:',
  'email.answerIn.sq': 'Одговор на албанском:',
  'email.plannedAt': 'Општина планира да предмет реши до {date}.',
  'email.resolvedAt': 'Решено: {date}.',
  // A duplicate: which case it duplicates, and where to follow that one.
  'email.subject.report.duplicate': 'Ваша пријава {code} се односи на већ пријављен проблем',
  'email.subject.question.duplicate': 'Ваше питање {code} је већ постављено',
  'email.duplicate': 'ваш предмет {code} односи се на исто што и предмет {original}, па га општина решава тамо.',
  'email.duplicate.link': 'Стање и одговор предмета {original} можете пратити овде:',
  // A case staff registered on the citizen's behalf (phone, counter, letter, email).
  'email.ack.registered.report': 'општина је у Систем 48х уписала вашу пријаву примљену {channel}. Општина ће одговорити у року од 48 сати ({deadline}).',
  'email.ack.registered.question': 'општина је уписала ваше питање председнику општине примљено {channel}. Одговор ћете добити е-поштом, а питање и одговор биће јавно објављени.',
  'email.channel.phone': 'телефоном',
  'email.channel.counter': 'на шалтеру',
  'email.channel.letter': 'писмом',
  'email.channel.email': 'е-поштом',
} as const;
