/* plan.js - the week plan: what each worker makes when, day by day, from
 * the open orders and the batch runs; late orders listed above the days
 * and marked on their blocks in words, not only in colour; days off and
 * closed days said as such; and a calendar feed for the maker's phone
 * (once there are accounts, its address carries a calendar key of the
 * person's own, made here, as a phone's calendar cannot log in).
 *
 * Also the delivery promise on the new order form: "When can I promise
 * it?" asks the planner (nothing is stored by asking) and shows each date
 * it offers, the date asked for first when it can be kept, with what each
 * moves and a warning when one makes a late order later still; another
 * date can be copied into the due date. */

import { api, getJSON, postJSON } from './api.js';
import { fill, h } from './dom.js';
import {
	count, dateText, isDate, isoDate, minutesText, parseDuration, parseMoney, today,
} from './format.js';
import { badge, emptyState, linkButton, loadInto, pageHead } from './page.js';
import { href } from './router.js';
import { calendarAddress, secretPanel } from './account.js';
import { currency } from './schema.js';
import { currentUser } from './session.js';

const CALENDAR = '/api/v1/plan.ics';

/** YYYY-MM-DD plus n days. */
function addDays(iso, n) {
	const [y, m, d] = iso.split('-').map(Number);
	return isoDate(new Date(y, m - 1, d + n));
}

function lateText(days) {
	return days > 0 ? `${count(days, 'day')} late` : 'late';
}

function blockLink(block) {
	return block.kind === 'batch' ? href(`batches/${block.id}`) : href(`orders/${block.id}`);
}

/* A batch run laid over several days: "part 1 of 3", "continued, part 2 of 3". */
function partText(block) {
	if (block.kind !== 'batch' || !(block.parts > 1))
		return null;
	return h('span', { class: 'plan-block__part', 'data-part': `${block.part}/${block.parts}` },
		` (${block.part > 1 ? 'continued, ' : ''}part ${block.part} of ${block.parts})`);
}

/* Batch runs not done by the end of the plan: what fits and what does not. */
function overbookedList(plan) {
	const over = plan.overbooked_runs || [];
	if (over.length === 0)
		return null;
	return h('section', { class: 'notice notice--error plan-late', 'aria-labelledby': 'plan-over-h', 'data-overbooked': '' },
		h('h2', { id: 'plan-over-h', class: 'plan-late__title' }, `${count(over.length, 'batch run')} ${over.length === 1 ? 'does' : 'do'} not fit`),
		h('ul', { class: 'plan-late__list' }, over.map((r) =>
			h('li', { 'data-overbooked-run': r.id },
				h('a', { href: href(`batches/${r.id}`) }, r.code),
				`: from ${dateText(r.date)} it needs ${minutesText(r.minutes)}; ${minutesText(r.planned_minutes)} fit by ${dateText(plan.horizon_end)}, ${minutesText(r.minutes_left_over)} do not.`))));
}

/* One time slot: "08:00–12:30", what it is, a late badge when late. */
function blockItem(block, lateById) {
	const late = block.kind === 'order' ? lateById.get(block.id) : null;
	return h('li', {
		class: `plan-block plan-block--${block.kind}${late ? ' plan-block--late' : ''}`,
		'data-block': block.kind,
		'data-id': block.id,
		'data-late': late ? 'true' : null,
	},
	h('span', { class: 'plan-block__time' },
		h('span', { class: 'visually-hidden' }, 'From '), block.start,
		h('span', { 'aria-hidden': 'true' }, '–'),
		h('span', { class: 'visually-hidden' }, ' to '), block.end),
	h('span', { class: 'plan-block__what' },
		block.kind === 'batch' ? h('span', { class: 'plan-block__kind' }, 'Batch ') : null,
		h('a', { href: blockLink(block) }, block.label),
		partText(block)),
	h('span', { class: 'plan-block__length' }, minutesText(block.minutes)),
	late ? h('span', { class: 'plan-block__late' }, badge(lateText(late.late_days), 'overdue', '!')) : null);
}

/* One day: its date, and each worker's blocks, or why nobody works. */
function dayItem(day, workers, offByDate, lateById, now) {
	const off = offByDate.get(day.date);
	const blocks = day.workers.reduce((n, w) => n + w.blocks.length, 0);
	let body;
	if (off) {
		body = h('p', { class: 'plan-day__off', 'data-day-off': '' },
			h('strong', {}, 'Day off'), off.note ? `: ${off.note}` : '');
	} else if (day.minutes === 0 && blocks === 0) {
		body = h('p', { class: 'plan-day__off', 'data-closed': '' },
			day.date === now ? 'No working time left today.' : h('strong', {}, 'Closed'));
	} else {
		body = day.workers.map((w) => [
			workers > 1 ? h('h3', { class: 'plan-day__worker' }, `Worker ${w.worker}`) : null,
			w.blocks.length
				? h('ul', { class: 'plan-day__blocks', 'aria-label': workers > 1 ? `Worker ${w.worker}` : null },
					w.blocks.map((b) => blockItem(b, lateById)))
				: h('p', { class: 'muted plan-day__free' }, 'Nothing planned.'),
		]);
	}
	return h('li', {
		class: `plan-day${day.date === now ? ' plan-day--today' : ''}${off || day.minutes === 0 ? ' plan-day--off' : ''}`,
		'data-date': day.date,
	},
	h('h2', { class: 'plan-day__date' }, dateText(day.date),
		day.date === now ? h('span', { class: 'plan-day__today' }, ' (today)') : null),
	body);
}

/* The late orders, above the days: "Oak table: due Thu 27 Nov, done
 * Mon 30 Nov — 3 days late". */
function lateList(plan) {
	const late = plan.orders.filter((o) => o.late);
	if (late.length === 0)
		return h('p', { class: 'notice notice--success plan-late plan-late--none', 'data-late-none': '' },
			h('span', { 'aria-hidden': 'true' }, '✓ '),
			'Nothing is late: every open order is planned to be done by its due date.');
	return h('section', { class: 'notice notice--error plan-late', 'aria-labelledby': 'plan-late-h', 'data-late-list': '' },
		h('h2', { id: 'plan-late-h', class: 'plan-late__title' }, `${count(late.length, 'order')} will be late`),
		h('ul', { class: 'plan-late__list' }, late.map((o) =>
			h('li', { 'data-late-order': o.id },
				h('a', { href: href(`orders/${o.id}`) }, o.title),
				`: due ${dateText(o.due_date)}, done ${dateText(o.finish_date)} — ${lateText(o.late_days)}`))));
}

/** #/plan?from=YYYY-MM-DD&days=N: the week plan. */
export function mountPlan(view, ctx) {
	const now = today();
	const asked = ctx.query.get('from');
	const from = asked && isDate(asked) ? asked : now;
	const n = Number(ctx.query.get('days'));
	const days = Number.isInteger(n) && n >= 1 && n <= 366 ? n : 7;
	const keep = days === 7 ? null : days;

	const feedURL = new URL(CALENDAR, location.href).href;
	const me = currentUser();
	let calendar;
	if (me) {
		// The address needs a key: the button leads to where one is made.
		calendar = h('button', { type: 'button', class: 'button button--secondary', 'data-calendar': '' },
			'Subscribe on your phone’s calendar');
		calendar.addEventListener('click', () => {
			const target = view.querySelector('[data-feed]');
			const first = target && (target.querySelector('[data-make-key], [data-secret]') || target.querySelector('h2'));
			if (!first)
				return;
			if (!first.hasAttribute('tabindex') && first.tagName === 'H2')
				first.setAttribute('tabindex', '-1');
			first.focus({ preventScroll: true });
			target.scrollIntoView({ block: 'start' });
		});
	} else {
		calendar = h('a', { href: webcal(feedURL), class: 'button button--secondary', 'data-calendar': '' },
			'Subscribe on your phone’s calendar');
	}
	const weeks = h('nav', { class: 'plan-weeks', 'aria-label': 'Weeks' },
		linkButton('← Previous week', href('plan', { from: addDays(from, -7), days: keep }), 'secondary', { 'data-week': 'previous' }),
		from !== now ? linkButton('This week', href('plan', { days: keep }), 'quiet', { 'data-week': 'this' }) : null,
		linkButton('Next week →', href('plan', { from: addDays(from, 7), days: keep }), 'secondary', { 'data-week': 'next' }));
	const results = h('div', { class: 'plan', 'data-plan': '' });
	const last = addDays(from, days - 1);
	fill(view,
		pageHead({
			title: 'Plan',
			lead: 'What to make when, from your open orders and batch runs. Orders still quoted are not planned.',
			flash: ctx.flash,
			actions: [calendar, linkButton('Days off', href('days-off'), 'secondary', { 'data-days-off': '' })],
		}),
		h('p', { class: 'plan-range', 'data-plan-range': '' }, `${dateText(from)} to ${dateText(last)}`),
		weeks,
		results);

	loadInto(results, ctx, 'the plan', async () => {
		const [plan, off, settings] = await Promise.all([
			getJSON(`/api/v1/plan?from=${encodeURIComponent(from)}&days=${days}`),
			api.list('days-off', { limit: 1000 }),
			api.settings(),
		]);
		return { plan, off, settings };
	}, ({ plan, off, settings }) => {
		const offByDate = new Map(off.items.map((d) => [d.date, d]));
		const lateById = new Map(plan.orders.filter((o) => o.late).map((o) => [o.id, o]));
		const workers = settings.workers || 1;
		const none = plan.orders.length === 0 && plan.days.every((d) => d.workers.every((w) => w.blocks.length === 0));
		return [
			lateList(plan),
			overbookedList(plan),
			none ? emptyState({
				title: 'Nothing to plan',
				text: 'The plan fills with accepted and started orders and with planned batch runs.',
				action: linkButton('Take an order', href('orders/new')),
			}) : null,
			h('ol', { class: 'plan-days', 'aria-label': 'Days' },
				plan.days.map((d) => dayItem(d, workers, offByDate, lateById, now))),
			me ? keyedFeed(ctx) : feedHelp(feedURL),
		];
	});
}

/* A subscription, not a download: webcal:// makes a phone's calendar
 * subscribe to the feed and fetch it again by itself. */
function webcal(url) {
	return location.protocol === 'http:' ? url.replace(/^http:/, 'webcal:') : url;
}

const FEED_HOW = [
	'iPhone or iPad: tap “Subscribe on your phone’s calendar” and then Subscribe. Calendar fetches the next four weeks again by itself.',
	'Android: in Google Calendar on a computer, choose Other calendars, then From URL, and paste the address. Your phone shows it once it has synced.',
	'The phone must be able to reach this address: on the workshop’s network, start smallrun with --listen :8080 and open it by the computer’s address, not 127.0.0.1.',
];

/*
 * With accounts: the feed's address holds a calendar key, shown once
 * when it is made, so the page offers to make one (and says how many the
 * person has, to revoke on their account page).
 */
function keyedFeed(ctx) {
	const have = h('p', { 'data-calendar-keys': '' });
	const made = h('div', { 'data-made': '' });
	const make = h('button', { type: 'button', class: 'button button--primary', 'data-make-key': '' }, 'Make a calendar key');
	const message = h('div', { class: 'form-error', role: 'alert' });
	api.tokens().then((data) => {
		const n = data.items.filter((t) => t.kind === 'calendar').length;
		if (ctx.live() && n > 0)
			fill(have, `You have ${count(n, 'calendar key')} already. An address is shown only when its key is made: make a new one for a phone that has none, and revoke those you no longer use on `,
				h('a', { href: href('account') }, 'your account page'), '.');
	}).catch(() => {});
	make.addEventListener('click', async () => {
		fill(message);
		make.setAttribute('aria-disabled', 'true');
		let t;
		try {
			t = await api.createToken({ name: `Plan calendar, made ${dateText(today())}`, kind: 'calendar' });
		} catch (err) {
			fill(message, h('p', {}, h('strong', {}, 'No key made. '), err.message));
			return;
		} finally {
			make.removeAttribute('aria-disabled');
		}
		const address = calendarAddress(t.secret);
		fill(made,
			secretPanel('Calendar address', address, 'Copy it now, or subscribe on this phone: it is shown only this once. Whoever has it sees your plan, so keep it to your own phone.'),
			h('p', { class: 'button-row' },
				h('a', { href: webcal(address), class: 'button button--primary', 'data-subscribe': '' }, 'Subscribe on this phone’s calendar')));
		made.querySelector('[data-secret]').focus();
		ctx.announce('Made a calendar key. Its address is shown once.');
	});
	return h('section', { class: 'plan-feed', 'aria-labelledby': 'plan-feed-h', 'data-feed': '' },
		h('h2', { id: 'plan-feed-h' }, 'The plan on your phone'),
		h('p', {}, 'A phone’s calendar cannot log in, so the plan’s address carries a calendar key of yours instead. Make one for each phone; if a phone is lost, revoke its key on your account page.'),
		have,
		h('p', {}, make), message, made,
		h('ul', { class: 'dots' }, FEED_HOW.map((t) => h('li', {}, t))));
}

/* How to subscribe to the plan's calendar feed, with its address to copy. */
function feedHelp(feedURL) {
	const address = h('input', {
		class: 'input plan-feed__address', type: 'text', readonly: true, value: feedURL,
		id: 'plan-feed-address', 'data-feed-address': '', 'aria-describedby': 'plan-feed-how',
	});
	address.addEventListener('focus', () => address.select());
	return h('section', { class: 'plan-feed', 'aria-labelledby': 'plan-feed-h' },
		h('h2', { id: 'plan-feed-h' }, 'The plan on your phone'),
		h('label', { for: 'plan-feed-address' }, 'Calendar address'), address,
		h('ul', { class: 'dots', id: 'plan-feed-how' }, FEED_HOW.map((t) => h('li', {}, t))));
}

/* ---- the delivery promise on the new order form -------------------------- */

/* "1 order finishes", "2 orders finish". */
function ordersFinish(n) {
	return `${count(n, 'order')} ${n === 1 ? 'finishes' : 'finish'}`;
}

/**
 * An option's headline, in the workshop's dates: "You can promise Wed 9
 * Dec: nothing else moves." for the date asked for, "The earliest you can
 * promise is Thu 3 Dec, but …" for the earliest.
 */
function optionHeadline(opt) {
	const day = dateText(opt.date);
	const head = opt.wanted ? `You can promise ${day}` : `The earliest you can promise is ${day}`;
	const late = opt.late_later;
	const others = opt.moves.length - late;
	if (opt.moves.length === 0)
		return `${head}: nothing else moves.`;
	if (late === 0)
		return `${head}: ${ordersFinish(others)} later, still on time.`;
	return `${head}, but ${count(late, 'order')} that ${late === 1 ? 'is' : 'are'} late already would finish later still` +
		(others ? `; ${others} more would finish later, still on time.` : '.');
}

/* Where a moved order is done: "Sat 5 Dec", or past the plan. */
function doneText(at) {
	return at.finish_date ? dateText(at.finish_date) : 'not within the two years planned';
}

/** One move: the order, when it is done with the new order and without. */
function moveItem(m) {
	const when = m.later_days > 0 || !m.after.finish_date
		? [`done ${doneText(m.after)} instead of ${doneText(m.before)}`,
			m.later_days > 0 ? ` (${count(m.later_days, 'day')} later)` : '']
		: [`done at ${m.after.finish_time} instead of ${m.before.finish_time} on ${dateText(m.before.finish_date)}`];
	return h('li', { 'data-order-id': m.order_id, 'data-was-late': m.was_late ? 'yes' : null },
		h('a', { href: href(`orders/${m.order_id}`) }, m.title), ': ', when,
		m.was_late
			? ['; ', h('strong', { class: 'promise__late' }, 'late already'),
				m.due_date ? `, due ${dateText(m.due_date)}` : '']
			: null);
}

/**
 * The warning of an option that makes orders late already later still,
 * naming up to three of them.
 */
function lateWarning(opt, id) {
	const late = opt.moves.filter((m) => m.was_late);
	const names = late.slice(0, 3).map((m) => `“${m.title}”`);
	const more = late.length - names.length;
	const list = names.join(', ') + (more > 0 ? ` and ${more} more` : '');
	return h('p', { class: 'promise__warning', id, 'data-promise-warning': opt.date },
		h('span', { class: 'promise__warning-mark', 'aria-hidden': 'true' }, '!'),
		h('strong', {}, 'Warning: '),
		`promising ${dateText(opt.date)} makes ${list} later still, though ${late.length === 1 ? 'it is' : 'they are'} late already.`);
}

/**
 * A panel for the new order form: "When can I promise it?". inputs:
 * {minutes, price, due} (the form's inputs). Returns the panel node.
 *
 * The answer shows each date the planner offers, the one to lead with
 * first (the date asked for when it can be kept), each with the orders it
 * moves under it, a warning beside the button when it makes an order that
 * is late already later still, and a button to use that date as the due
 * date when it is not the due date already.
 */
export function promisePanel(inputs, announce) {
	const answer = h('div', { class: 'promise__answer', 'aria-live': 'polite', 'data-promise-answer': '' });
	const ask = h('button', { type: 'button', class: 'button button--secondary', 'data-promise': '' },
		'When can I promise it?');
	const panel = h('section', { class: 'promise', 'aria-labelledby': 'promise-h' },
		h('h2', { id: 'promise-h', class: 'promise__title' }, 'Delivery date'),
		h('p', { class: 'promise__lead' },
			'With the price and the estimated time filled in, see the dates you can promise, and which orders each would move. Nothing is saved by asking.'),
		ask, answer);

	function useButton(date, warningId, lead) {
		const use = h('button', {
			type: 'button', class: `button ${lead ? 'button--primary' : 'button--secondary'}`, 'data-promise-use': date,
			'aria-describedby': warningId,
		}, `Use ${dateText(date)} as the due date`);
		use.addEventListener('click', () => {
			inputs.due.value = date;
			inputs.due.dispatchEvent(new Event('input', { bubbles: true }));
			inputs.due.dispatchEvent(new Event('change', { bubbles: true }));
			inputs.due.focus();
			announce(`Due date set to ${dateText(date)}.`);
		});
		return h('div', { class: 'button-row' }, use);
	}

	function optionNode(opt, lead, wanted) {
		const warningId = opt.late_later > 0 ? `promise-warning-${opt.date}` : null;
		return h('div', {
			class: `promise__option${lead ? ' promise__option--lead' : ''}`,
			'data-promise-option': opt.date, 'data-promise-lead': lead ? '' : null,
		},
		h('p', { class: 'promise__date', 'data-promise-date': opt.date }, h('strong', {}, optionHeadline(opt))),
		opt.moves.length
			? h('ul', { class: 'promise__moves', 'data-promise-moves': opt.date }, opt.moves.map(moveItem))
			: null,
		warningId ? lateWarning(opt, warningId) : null,
		opt.date === wanted ? null : useButton(opt.date, warningId, lead));
	}

	ask.addEventListener('click', async () => {
		const minutes = parseDuration(inputs.minutes.value.trim());
		const price = parseMoney(inputs.price.value.trim(), currency());
		const missing = [];
		if (inputs.minutes.value.trim() === '' || minutes.error || minutes.value < 1)
			missing.push('the estimated time');
		if (inputs.price.value.trim() === '' || price.error)
			missing.push('the agreed price');
		if (missing.length) {
			fill(answer, h('p', { class: 'field__error' }, `Fill in ${missing.join(' and ')} first.`));
			return;
		}
		const wanted = isDate(inputs.due.value) ? inputs.due.value : null;
		const body = { minutes: minutes.value, price: price.value };
		if (wanted)
			body.wanted = wanted;
		ask.setAttribute('aria-disabled', 'true');
		fill(answer, h('p', { class: 'status' }, 'Asking the planner…'));
		let res;
		try {
			res = await postJSON('/api/v1/promise', body);
		} catch (err) {
			fill(answer, h('p', { class: 'field__error', role: 'alert' }, `No answer: ${err.message}`));
			return;
		} finally {
			ask.removeAttribute('aria-disabled');
		}
		const notKept = res.wanted && !res.wanted.ok
			? h('p', { 'data-promise-wanted': 'no' },
				h('strong', {}, 'The date asked for cannot be kept: '), `${dateText(res.wanted.date)} is too soon.`)
			: null;
		fill(answer, notKept,
			res.options.map((opt, i) => optionNode(opt, i === 0, wanted)));
	});
	return panel;
}
