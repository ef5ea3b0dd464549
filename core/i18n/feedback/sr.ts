/** Strings of "was it fixed?" (the email after closure, its answer pages, the statistics' shares), in Serbian Cyrillic (the Latin locale is derived). */
export const feedbackSr = {
  // The email, some days after a case closed as resolved or answered (functions/web/emails.ts feedbackRequest).
  'feedback.email.subject': '[{platform}] Да ли је решено? Предмет {code}',
  'feedback.email.intro': 'предмет {code} је {date} затворен са статусом „{status}”. Занима нас како је испало: на свако питање одговара један клик на линк испод.',
  'feedback.email.answer': '{question} {answer}:',
  'feedback.email.note': 'Одговор можете променити до {date}; рачуна се последњи. Објављују се само као бројке у статистици, без ваших података.',
  'feedback.q.solved': 'Да ли је ваш проблем решен?',
  'feedback.q.satisfied': 'Да ли сте задовољни одговором?',
  'feedback.a.yes': 'Да',
  'feedback.a.no': 'Не',
  // The pages behind the links (functions/web/feedback.ts).
  'feedback.confirm.lead': 'Предмет {code}. Изабрали сте одговор „{answer}”. Притисните дугме да га сачувате.',
  'feedback.confirm.button': 'Сачувај одговор: {answer}',
  'feedback.thanks.title': 'Хвала на одговору',
  'feedback.thanks.lead': 'Ваш одговор за предмет {code} је сачуван. Можете га променити док линк важи; рачуна се последњи.',
  'feedback.answers.title': 'Ваши одговори за предмет {code}',
  'feedback.answers.lead': 'Одговорите једним кликом; одговор можете променити док линк важи.',
  'feedback.yourAnswer': 'Ваш одговор: {answer}',
  'feedback.notYet': 'Још нисте одговорили.',
  'feedback.answerWith': 'Одговорите: {answer}',
  'feedback.caseLink': 'Страница предмета {code}',
  'feedback.error.expired': 'Рок за одговор на ово питање је истекао.',
  'feedback.error.reopened': 'Предмет је поново отворен, па се одговори на ово питање сада не примају.',
  'feedback.error.notFound': 'Овај линк не постоји. Проверите да ли је у прегледач копиран цео.',
  // The statistics: shares of the answers, beside the response figures (sites/lib/stats.ts).
  'feedback.stats.title': 'Да ли је решено? Одговори грађана',
  'feedback.stats.lead': 'Неколико дана после затварања предмета као решеног или одговореног, грађанин који је оставио адресу е-поште добија два питања. Удео је међу онима који су одговорили на то питање; број одговора стоји поред, јер један од једног није исто што и много.',
  'feedback.stats.solved': 'Решено (да)',
  'feedback.stats.satisfied': 'Задовољни (да)',
  'feedback.stats.answers': 'одговора',
  'feedback.stats.none': 'Још нема одговора.',
  'feedback.stats.share': '{share} од {count}',
};
