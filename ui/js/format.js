/* format.js - turn the API's numbers into words and back.
 *
 * Money is an integer count of minor units (pence) in the API. It is shown
 * and typed as a decimal amount ("4.50"), and converted by string and
 * integer arithmetic only, so no amount is ever off by a penny through
 * floating point. Dates are the workshop's local calendar dates
 * (YYYY-MM-DD); instants are UTC from the server and shown in local time. */

/* ---- money -------------------------------------------------------- */

const digitsCache = new Map();

/** Digits after the point for a currency (2 for GBP, 0 for JPY). */
export function currencyDigits(code) {
	if (!digitsCache.has(code)) {
		let d = 2;
		try {
			d = new Intl.NumberFormat('en-GB', { style: 'currency', currency: code })
				.resolvedOptions().maximumFractionDigits;
		} catch {
			d = 2;
		}
		digitsCache.set(code, d);
	}
	return digitsCache.get(code);
}

/** The sign a currency is written with ("£", "€", "US$"), else its code. */
export function currencySymbol(code) {
	try {
		const part = new Intl.NumberFormat('en-GB', { style: 'currency', currency: code })
			.formatToParts(0).find((p) => p.type === 'currency');
		return part ? part.value : code;
	} catch {
		return code;
	}
}

/** 1234567 -> "1,234,567" (integers only). */
export function groupDigits(n) {
	return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Minor units as a plain decimal for an input box: 450 -> "4.50",
 * -5 -> "-0.05". No symbol, no grouping.
 */
export function moneyPlain(minor, currency) {
	const d = currencyDigits(currency);
	const neg = minor < 0;
	const s = String(Math.abs(Math.trunc(minor))).padStart(d + 1, '0');
	const whole = s.slice(0, s.length - d);
	const frac = s.slice(s.length - d);
	return `${neg ? '-' : ''}${whole}${d > 0 ? `.${frac}` : ''}`;
}

/** Minor units for people: 123450 -> "£1,234.50". */
export function money(minor, currency) {
	if (minor === null || minor === undefined)
		return '';
	const plain = moneyPlain(minor, currency);
	const neg = plain.startsWith('-');
	const [whole, frac] = plain.replace('-', '').split('.');
	const text = `${currencySymbol(currency)}${groupDigits(whole)}${frac !== undefined ? `.${frac}` : ''}`;
	return neg ? `−${text}` : text;
}

/**
 * Parse a typed amount into minor units, exactly.
 * Accepts "4.50", "4.5", "4", ".50", "£4.50", "1,250.00".
 * Returns {value} or {error} (a sentence for the person typing).
 */
export function parseMoney(text, currency) {
	const d = currencyDigits(currency);
	const symbol = currencySymbol(currency);
	let s = String(text).trim();
	if (s.startsWith(symbol))
		s = s.slice(symbol.length).trim();
	else if (s.toUpperCase().startsWith(currency))
		s = s.slice(currency.length).trim();
	if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s))
		s = s.replace(/,/g, '');
	const example = d > 0 ? `4.${'50'.padEnd(d, '0').slice(0, d)}` : '450';
	const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
	if (!m || (m[1] === '' && (m[2] === undefined || m[2] === '')))
		return { error: `Enter an amount in ${currency}, like ${example}.` };
	const frac = m[2] || '';
	if (frac.length > d) {
		return {
			error: d === 0 ? `${currency} amounts have no decimal places: enter a whole number.`
				: `Use at most ${d} digits after the point, like ${example}.`,
		};
	}
	const scale = 10n ** BigInt(d);
	const minor = BigInt(m[1] || '0') * scale + BigInt((frac.padEnd(d, '0')) || '0');
	if (minor > BigInt(Number.MAX_SAFE_INTEGER))
		return { error: 'That amount is too large.' };
	return { value: Number(minor) };
}

/* ---- plain numbers --------------------------------------------------- */

/** Parse a typed whole number; {value} or {error}. */
export function parseWhole(text) {
	const s = String(text).trim().replace(/^(\d{1,3})(,\d{3})+$/, (all) => all.replace(/,/g, ''));
	if (!/^[-−]?\d+$/.test(s))
		return { error: /^[-−]?\d*[.,]\d+$/.test(s) ? 'Enter a whole number, without a point.'
			: 'Enter a whole number, like 12.' };
	const n = Number(s.replace('−', '-'));
	if (!Number.isSafeInteger(n))
		return { error: 'That number is too large.' };
	return { value: n };
}

/* ---- durations --------------------------------------------------------- */

/** Minutes for people: 0 -> "0 min", 95 -> "1 h 35 min", 120 -> "2 h". */
export function minutesText(min) {
	if (min === null || min === undefined)
		return '';
	const m = Math.round(min);
	if (m < 60)
		return `${m} min`;
	const h = Math.floor(m / 60);
	const r = m % 60;
	return r === 0 ? `${h} h` : `${h} h ${r} min`;
}

/** Minutes in an input box as hours and minutes: 450 -> "7:30". */
export function durationPlain(min) {
	if (min === null || min === undefined)
		return '';
	return `${Math.floor(min / 60)}:${String(min % 60).padStart(2, '0')}`;
}

/**
 * Parse hours typed as "7:30", "7" or "7.5" into whole minutes;
 * {value} or {error}.
 */
export function parseDuration(text) {
	const s = String(text).trim().replace(/\s*h(ours?)?\s*$/i, '');
	let m = /^(\d{1,6})(?::([0-5]\d))?$/.exec(s);
	if (m)
		return { value: Number(m[1]) * 60 + Number(m[2] || 0) };
	m = /^(\d{0,6})[.,](\d{1,4})$/.exec(s);
	if (m && (m[1] !== '' || m[2] !== '')) {
		// Decimal hours, exactly: 0.25 h is 15 min; 0.33 h is not whole.
		const scale = 10 ** m[2].length;
		const num = Number(m[2]) * 60;
		if (num % scale === 0)
			return { value: Number(m[1] || 0) * 60 + num / scale };
		return { error: 'Use hours and minutes, like 7:20.' };
	}
	return { error: 'Enter hours and minutes, like 7:30, or whole hours, like 8.' };
}

/** Minutes after midnight as a time of day: 510 -> "08:30". */
export function dayTimeText(minutes) {
	const m = Math.max(0, Math.min(1439, Math.floor(Number(minutes) || 0)));
	return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A time of day, "08:30", "8:30", "8.30" or "8" (o'clock), as minutes
 * after midnight: {value} or {error}. */
export function parseDayTime(text) {
	const m = /^([01]?\d|2[0-3])(?:[:.]([0-5]\d))?$/.exec(String(text).trim());
	if (!m)
		return { error: 'Enter a time of day, like 08:30 (00:00 to 23:59).' };
	return { value: Number(m[1]) * 60 + Number(m[2] || 0) };
}

/** Seconds as a running clock: 83 -> "0:01:23". */
export function clockText(seconds) {
	const s = Math.max(0, Math.floor(seconds));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Seconds for people: 4 -> "4 s", 95 -> "1 min 35 s". */
export function secondsText(seconds) {
	const s = Math.max(0, Math.round(seconds));
	if (s < 60)
		return `${s} s`;
	if (s < 3600)
		return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
	return minutesText(Math.round(s / 60));
}

/* ---- dates ----------------------------------------------------------- */

function pad2(n) {
	return String(n).padStart(2, '0');
}

/** A local Date as YYYY-MM-DD. */
export function isoDate(d) {
	return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** Today's local date as YYYY-MM-DD. */
export function today() {
	return isoDate(new Date());
}

/** Is text a real calendar date written YYYY-MM-DD? */
export function isDate(text) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!m)
		return false;
	const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	return d.getFullYear() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 &&
		d.getDate() === Number(m[3]);
}

function dateOf(iso) {
	const [y, m, d] = iso.split('-').map(Number);
	return new Date(y, m - 1, d);
}

/** Whole days from a to b (both YYYY-MM-DD); positive when b is later. */
export function daysBetween(a, b) {
	return Math.round((dateOf(b) - dateOf(a)) / 86_400_000);
}

/** "2026-11-28" -> "Sat 28 Nov 2026" (year left out when it is this year). */
export function dateText(iso) {
	if (!iso)
		return '';
	if (!isDate(iso))
		return iso;
	const d = dateOf(iso);
	const opts = { weekday: 'short', day: 'numeric', month: 'short' };
	if (d.getFullYear() !== new Date().getFullYear())
		opts.year = 'numeric';
	return d.toLocaleDateString('en-GB', opts);
}

/** A date as short as a chart's axis wants it: "4 Nov", never "11-04". */
export function dayMonthText(iso) {
	if (!isDate(iso))
		return iso || '';
	return dateOf(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
}

/** "in 3 days", "tomorrow", "today", "yesterday", "5 days ago". */
export function relativeDays(iso) {
	const n = daysBetween(today(), iso);
	if (n === 0)
		return 'today';
	if (n === 1)
		return 'tomorrow';
	if (n === -1)
		return 'yesterday';
	return n > 0 ? `in ${n} days` : `${-n} days ago`;
}

/** An instant from the server ("2026-11-24T21:09:14Z") as a Date. */
export function parseInstant(text) {
	const t = Date.parse(text);
	return Number.isNaN(t) ? null : new Date(t);
}

/** An instant as local time of day: "14:05". */
export function timeOfDay(text) {
	const d = parseInstant(text);
	return d ? d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }) : '';
}

/** An instant as a local date and time: "Mon 24 Nov, 14:05". */
export function instantText(text) {
	const d = parseInstant(text);
	if (!d)
		return text || '';
	return `${dateText(isoDate(d))}, ${timeOfDay(text)}`;
}

/** A Date as the API's instant form, UTC to the second. */
export function apiInstant(d) {
	return `${d.toISOString().slice(0, 19)}Z`;
}

/** An instant as the value of an <input type="datetime-local">. */
export function localInputValue(text) {
	const d = parseInstant(text);
	if (!d)
		return '';
	return `${isoDate(d)}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/* ---- words ------------------------------------------------------------ */

/** "1 order", "3 orders" (nouns with a plain -s plural unless given). */
export function count(n, one, many = `${one}s`) {
	return `${groupDigits(n)} ${n === 1 ? one : many}`;
}

/**
 * A wait in words, rounded up so it is never too short: 1 -> "1 second",
 * 30 -> "30 seconds", 61 -> "2 minutes", 900 -> "15 minutes",
 * 5400 -> "1 hour 30 minutes".
 */
export function waitText(seconds) {
	const s = Math.max(1, Math.ceil(Number(seconds) || 0));
	if (s < 60)
		return count(s, 'second');
	const m = Math.ceil(s / 60);
	if (m < 60)
		return count(m, 'minute');
	const h = Math.floor(m / 60);
	return m % 60 ? `${count(h, 'hour')} ${count(m % 60, 'minute')}` : count(h, 'hour');
}
