/** Strings of "this may already be reported": open reports of the same category near the pin, on the report form (with JavaScript) and on the confirmation page (without), in Serbian Cyrillic (the Latin locale is derived). They start with "form." so the form island gets them. */
export const nearbySr = {
  'form.nearby.title': 'Можда је већ пријављено',
  'form.nearby.intro': 'Отворене пријаве исте категорије, на мање од 100 m од места које сте означили. Ако је то исти проблем, пратите ту пријаву уместо да шаљете нову: јавићемо вам сваку промену.',
  'form.nearby.after': 'Ваша пријава је примљена. На мање од 100 m од ње су и ове отворене пријаве исте категорије. Ако је то исти проблем, можете да пратите неку од њих.',
  'form.nearby.afterAddress': 'Ваша пријава је примљена. На истој адреси су и ове отворене пријаве исте категорије. Ако је то исти проблем, можете да пратите неку од њих.',
  'form.nearby.afterBoth': 'Ваша пријава је примљена. На истој адреси или на мање од 100 m од ње су и ове отворене пријаве исте категорије. Ако је то исти проблем, можете да пратите неку од њих.',
  'form.nearby.sameAddress': 'на истој адреси',
  'form.nearby.none': 'У близини означеног места нема отворених пријава ове категорије.',
  'form.nearby.distance': 'око {metres} m',
  'form.nearby.reported': 'пријављено {date}',
  'form.nearby.open': 'Пријава {code}',
  'form.nearby.follow': 'Пратите пријаву {code} уместо нове',
  'form.nearby.followAfter': 'Пратите пријаву {code}',
};
