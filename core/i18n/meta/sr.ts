/**
 * Page descriptions (<meta name="description">) of the site's list pages, in Serbian (Cyrillic;
 * Latin is derived). {where} is the municipality's locative: „у Звечану”.
 */
export const metaSr = {
  'meta.home': 'Вести, документи, догађаји и јавне расправе {where}, пријава проблема у Систему 48х са одговором у року од 48 сати и питања председнику општине, све јавно у архиви.',
  'meta.news': 'Најновије вести {where}: одлуке општине, радови, услуге и обавештења за грађане.',
  'meta.events': 'Предстојећи и прошли догађаји {where}: седнице скупштине, јавни скупови, културни и спортски догађаји, са временом, местом и календаром.',
  'meta.info': 'Практичне информације {where}: важни телефони, корисни линкови и подаци за грађане.',
  'meta.search': 'Претражите вести, документе, догађаје, јавне расправе и информације {where}.',
  // The archive map's box when the map cannot be drawn (its script failed, or the data did not load).
  'archive.map.failed': 'Мапа тренутно не може да се прикаже. Списак испод садржи исте пријаве.',
  'meta.root': 'Платформа општине за информисање и учешће грађана, на српском и албанском.',
} as const;
