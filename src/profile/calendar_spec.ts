// Pure: no I/O. Checks a systemd OnCalendar= expression (systemd.time(7), "Calendar Events") so a
// bad reconcile timer is a profile error at its line, not a unit systemd ignores after install.
// Covers the grammar systemd 252 accepts: shorthands, "[weekdays] [[year-]month-day] [time] [tz]",
// lists, ranges "a..b", repetitions "/n" and "~" (last days); time zones: UTC or Area/Location.

const SHORTHANDS = new Set([
  "minutely",
  "hourly",
  "daily",
  "weekly",
  "monthly",
  "yearly",
  "annually",
  "quarterly",
  "semiannually",
]);
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const FULL_WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
];
const TZ_AREAS =
  /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)?$/;

interface Field {
  name: string;
  min: number;
  max: number;
  decimals?: boolean;
}
const YEAR: Field = { name: "year", min: 1970, max: 2199 };
const MONTH: Field = { name: "month", min: 1, max: 12 };
const DAY: Field = { name: "day", min: 1, max: 31 };
const HOUR: Field = { name: "hour", min: 0, max: 23 };
const MINUTE: Field = { name: "minute", min: 0, max: 59 };
const SECOND: Field = { name: "second", min: 0, max: 59, decimals: true };

/** Returns why `text` is not a calendar expression ("expected ..., found ..."), or null. */
export function checkCalendarSpec(text: string): string | null {
  const problem = findProblem(text.trim());
  return problem === null
    ? null
    : `expected a systemd OnCalendar expression like "*:0/15" or "hourly", found ` +
      `${JSON.stringify(text)} (${problem})`;
}

function findProblem(text: string): string | null {
  if (text === "") return "it is empty";
  if (SHORTHANDS.has(text.toLowerCase())) return null;
  const tokens = text.split(/\s+/);
  let i = 0;
  const next = () => tokens[i];
  if (/^[A-Za-z]/.test(next() ?? "") && !isTimeZone(next() ?? "")) {
    const problem = checkWeekdays(next() ?? "");
    if (problem) return problem;
    i++;
  }
  let sawDateOrTime = false;
  if (next() !== undefined && /^[\d*][^:]*[-~]/.test(next() ?? "")) {
    const problem = checkDate(next() ?? "");
    if (problem) return problem;
    i++;
    sawDateOrTime = true;
  }
  if (next() !== undefined && (next() ?? "").includes(":")) {
    const problem = checkTime(next() ?? "");
    if (problem) return problem;
    i++;
    sawDateOrTime = true;
  }
  if (next() !== undefined && isTimeZone(next() ?? "") && (sawDateOrTime || i > 0)) i++;
  if (i === 0) return `"${next()}" is no weekday, date, time or shorthand`;
  if (next() !== undefined) return `"${next()}" is out of place`;
  return null;
}

function isTimeZone(token: string): boolean {
  return token.toUpperCase() === "UTC" || TZ_AREAS.test(token);
}

function weekdayIndex(name: string): number {
  const lower = name.toLowerCase();
  const short = WEEKDAYS.indexOf(lower);
  return short >= 0 ? short : FULL_WEEKDAYS.indexOf(lower);
}

function checkWeekdays(token: string): string | null {
  for (const item of token.split(",")) {
    const ends = item.split("..");
    if (ends.length > 2) return `"${item}" is no weekday range`;
    const indexes = ends.map(weekdayIndex);
    if (indexes.some((n) => n < 0)) return `"${item}" is no weekday`;
    if (indexes.length === 2 && (indexes[0] ?? 0) > (indexes[1] ?? 0)) {
      return `weekday range "${item}" runs backwards`;
    }
  }
  return null;
}

function checkDate(token: string): string | null {
  const lastDays = token.includes("~");
  const [head = "", day = ""] = lastDays
    ? token.split("~")
    : [token.replace(/-[^-]*$/, ""), token.replace(/^.*-/, "")];
  const parts = head.split("-");
  if (parts.length > 2 || (lastDays && token.split("~").length !== 2)) {
    return `"${token}" is no date`;
  }
  const [year, month] = parts.length === 2 ? parts : [undefined, parts[0]];
  return (year === undefined ? null : checkComponent(year, YEAR)) ??
    checkComponent(month ?? "", MONTH) ?? checkComponent(day, DAY);
}

function checkTime(token: string): string | null {
  const parts = token.split(":");
  if (parts.length < 2 || parts.length > 3) return `"${token}" is no time (HH:MM[:SS])`;
  const [hour = "", minute = "", second] = parts;
  return checkComponent(hour, HOUR) ?? checkComponent(minute, MINUTE) ??
    (second === undefined ? null : checkComponent(second, SECOND));
}

/** One field: "*", "n", "a..b", each with an optional "/step", comma-separated. */
function checkComponent(text: string, field: Field): string | null {
  const number = field.decimals ? /^\d+(\.\d+)?$/ : /^\d+$/;
  for (const item of text.split(",")) {
    const [range = "", step, extra] = item.split("/");
    if (extra !== undefined) return `${field.name} "${item}" has two "/"`;
    if (step !== undefined && (!number.test(step) || Number(step) === 0)) {
      return `${field.name} repetition "/${step}" is not a positive number`;
    }
    if (range === "*") continue;
    const ends = range.split("..");
    if (ends.length > 2 || ends.some((e) => !number.test(e))) {
      return `${field.name} "${item}" is not a number, range or "*"`;
    }
    const values = ends.map(Number);
    for (const v of values) {
      if (v < field.min || v > field.max) {
        return `${field.name} ${v} is outside ${field.min}..${field.max}`;
      }
    }
    if (values.length === 2 && (values[0] ?? 0) > (values[1] ?? 0)) {
      return `${field.name} range "${range}" runs backwards`;
    }
  }
  return null;
}
