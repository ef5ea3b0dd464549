/**
 * Public holidays on which the 48-hour clock stops, for municipalities that say so in their
 * config. Fixed dates as MM-DD; Orthodox Easter (Good Friday to Easter Monday) by year.
 */
export const serbianHolidays = [
  '01-01', '01-02', '01-07', '02-15', '02-16', '05-01', '05-02', '11-11',
  '2026-04-10', '2026-04-11', '2026-04-12', '2026-04-13',
  '2027-04-30', '2027-05-01', '2027-05-02', '2027-05-03',
];
