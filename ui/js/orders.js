/* orders.js - custom (job) orders: the queue grouped by status and sorted
 * by due date, late ones marked "Overdue" in words and shape as well as
 * colour, each accepted or started order with the day the plan finishes
 * it and how late that is (the Plan page's own answer), one-tap status
 * changes, and each order's page with its time against the estimate. */

import { api, getJSON } from './api.js';
import { invoicePanel } from './invoices.js';
import { fill, h } from './dom.js';
import { buildForm } from './forms.js';
import {
	count, dateText, daysBetween, durationPlain, groupDigits, instantText, minutesText, money, moneyPlain,
	parseInstant, relativeDays, secondsText, timeOfDay, today,
} from './format.js';
import {
	badge, emptyState, facts, filterBox, linkButton, loadError, loading, pageHead,
} from './page.js';
import { donePanel, shortNotice } from './batch-done.js';
import { promisePanel } from './plan.js';
import { moveOrder, quotePanel } from './quotes.js';
import { deleteControl, prefill, refList, refOptions } from './records.js';
import { href } from './router.js';
import { currency, loadSettings, resourceSchema, STATUS_TEXT } from './schema.js';

const STATUS = STATUS_TEXT.orders;

/* Groups in the order a maker works through them. */
const GROUPS = [
	{ status: 'in_progress', title: 'In progress' },
	{ status: 'accepted', title: 'Accepted, not started' },
	{ status: 'quoted', title: 'Quoted, waiting for a yes' },
	{ status: 'done', title: 'Done, to deliver' },
	{ status: 'delivered', title: 'Delivered' },
	{ status: 'cancelled', title: 'Cancelled' },
];

const OPEN = ['quoted', 'accepted', 'in_progress'];
/* The orders the planner lays out (doc/API.md §11); quoted ones are not. */
const PLANNED = ['accepted', 'in_progress'];
const CLOSED = ['done', 'delivered', 'cancelled'];

/* The next step from each status: [new status, button words]. */
const NEXT = {
	quoted: ['accepted', 'Accept'],
	accepted: ['in_progress', 'Start work'],
	in_progress: ['done', 'Mark done'],
	done: ['delivered', 'Mark delivered'],
};

/** Is an order late: due before today and not finished? */
export function isOverdue(order, now = today()) {
	return Boolean(order.due_date) && order.due_date < now && !CLOSED.includes(order.status);
}

function statusBadge(status) {
	return badge(STATUS[status] || status, `status-${status}`);
}

function overdueBadge(order) {
	const days = daysBetween(order.due_date, today());
	return badge(`Overdue by ${count(days, 'day')}`, 'overdue', '!');
}

/* "Due Fri 28 Nov (in 3 days)", with the overdue badge when late; without
 * the "Due" where a label already says it. */
function dueLine(order, { labelled = false } = {}) {
	if (!order.due_date)
		return h('span', { class: 'muted' }, 'No due date');
	const when = `${dateText(order.due_date)} (${relativeDays(order.due_date)})`;
	return h('span', { class: 'due' },
		isOverdue(order) ? [overdueBadge(order), ' '] : null,
		labelled ? when : `Due ${when}`);
}

/**
 * The planner's word on every open order, from one GET /api/v1/plan with
 * its defaults (its orders[] holds every open order, wherever it lands):
 * {byId: Map(id -> the plan's order), horizonEnd}. Resolves to null, never
 * rejects, when the plan cannot be had, so a list still shows without it.
 */
export async function loadPlanned() {
	try {
		const plan = await getJSON('/api/v1/plan');
		return { byId: new Map(plan.orders.map((o) => [o.id, o])), horizonEnd: plan.horizon_end };
	} catch {
		return null;
	}
}

/* The order as the plan has it, or null (not planned, or no plan). */
function planEntry(order, planned) {
	return planned && PLANNED.includes(order.status) ? planned.byId.get(order.id) || null : null;
}

function lateText(days) {
	return days > 0 ? `${count(days, 'day')} late` : 'late';
}

function lateBadge(days) {
	return badge(lateText(days), 'late', '!');
}

/** planLine() as plain words, for a one-line summary (the timer's choices): null when not planned. */
export function planWords(order, planned) {
	if (!PLANNED.includes(order.status))
		return null;
	const p = planEntry(order, planned);
	if (!p)
		return 'plan not available';
	const when = p.past_horizon ? `not planned to finish by ${dateText(planned.horizonEnd)}`
		: `planned to finish ${dateText(p.finish_date)}`;
	return p.late ? `${when} — ${lateText(p.late_days)}` : when;
}

/* " · planned to finish Mon 7 Dec — 3 days late" for an accepted or
 * started order; " · plan not available" when the plan could not be had
 * (never a silent "on time"); nothing for any other status. */
function planLine(order, planned) {
	if (!PLANNED.includes(order.status))
		return null;
	const p = planEntry(order, planned);
	if (!p)
		return h('span', { class: 'plan-finish plan-finish--unknown', 'data-plan-finish': 'unknown' },
			' · ', h('span', { class: 'muted' }, 'plan not available'));
	const when = p.past_horizon ? `not planned to finish by ${dateText(planned.horizonEnd)}`
		: `planned to finish ${dateText(p.finish_date)}`;
	return h('span', { class: 'plan-finish', 'data-plan-finish': p.late ? 'late' : 'on-time' },
		' · ', h('span', { class: 'plan-finish__when' }, when),
		p.late ? [' — ', lateBadge(p.late_days)] : null);
}

/* Tracked against estimated, in words and as a bar. */
function timeLine(order, extra = null) {
	const est = order.estimated_minutes;
	const tracked = order.tracked_minutes;
	const words = est > 0 ? `${minutesText(tracked)} of ${minutesText(est)} estimated`
		: `${minutesText(tracked)} tracked, no estimate`;
	const over = est > 0 && tracked > est;
	const bar = est > 0 ? h('span', { class: `bar${over ? ' bar--over' : ''}`, 'aria-hidden': 'true' },
		h('span', { class: 'bar__fill' })) : null;
	if (bar)
		bar.firstChild.style.setProperty('--fill', `${Math.min(100, Math.round((tracked / est) * 100))}%`);
	return h('span', { class: 'time-line', 'data-time': '' },
		h('span', { class: 'time-line__text' }, 'Time: ', words, over ? ' (over the estimate)' : '', extra),
		bar);
}

/* ---- the list ------------------------------------------------------------ */

/**
 * One order as a line of a list on another page (a customer's): its title
 * linking to it, then its status, due date and planned finish as the
 * Orders list shows them. planned is loadPlanned()'s answer.
 */
export function orderLine(order, planned) {
	return h('li', { class: 'linked-list__item', 'data-order-id': order.id },
		h('a', { class: 'linked-list__title', href: href(`orders/${order.id}`) }, order.title),
		h('span', { class: 'linked-list__facts' }, statusBadge(order.status), ' ', dueLine(order), planLine(order, planned)));
}

function orderCard(order, customers, planned, onStep) {
	const cust = customers.get(order.customer_id);
	const late = isOverdue(order);
	const plan = planEntry(order, planned);
	const next = NEXT[order.status];
	const titleId = `order-${order.id}-title`;
	let step = null;
	if (next && next[0] === 'done' && order.product_id) {
		/* Its recipe may take materials: marked done on its page, with
		 * the lots to choose, as there, not in one tap. */
		step = h('a', {
			class: 'button button--primary button--small',
			href: href(`orders/${order.id}`),
			'data-step': 'done',
			'data-needs': 'write',
			'aria-describedby': titleId,
		}, next[1]);
	} else if (next) {
		step = h('button', {
			type: 'button',
			class: `button ${order.status === 'in_progress' ? 'button--primary' : 'button--secondary'} button--small`,
			'data-step': next[0],
			'data-needs': 'write',
			'aria-describedby': titleId,
		}, next[1]);
		step.addEventListener('click', () => onStep(order, next[0], step));
	}
	const timeIt = OPEN.includes(order.status)
		? h('a', { class: 'button button--quiet button--small', href: href('timer', { order: order.id }), 'aria-describedby': titleId, 'data-needs': 'write' }, 'Time it')
		: null;
	return h('li', {
		class: `order-card${late ? ' order-card--overdue' : ''}`,
		'data-order-id': order.id,
		'data-status': order.status,
		'data-overdue': late ? 'true' : null,
		'data-plan-late': plan && plan.late ? 'true' : null,
	},
	h('div', { class: 'order-card__main' },
		h('h3', { class: 'order-card__title', id: titleId },
			h('a', { href: href(`orders/${order.id}`) }, order.title)),
		h('p', { class: 'order-card__who' }, cust ? `for ${cust.name}` : `customer ${order.customer_id}`,
			order.quantity > 1 ? ` · ${order.quantity} pieces` : '',
			order.price > 0 ? ` · ${money(order.price, currency())}` : ''),
		h('p', { class: 'order-card__due' }, dueLine(order), planLine(order, planned)),
		h('p', { class: 'order-card__time' }, timeLine(order))),
	step || timeIt ? h('div', { class: 'order-card__actions' }, step, timeIt) : null);
}

/** #/orders: the queue. ?show=open|all|<status>&customer_id=&product_id= */
export function mountOrders(view, ctx) {
	const show = ctx.query.get('show') || 'open';
	const customerId = ctx.query.get('customer_id') || '';
	// A product's page links here for its orders; the choice is kept below.
	const productId = ctx.query.get('product_id') || '';
	const results = h('div', { class: 'orders', 'data-orders': '' });
	fill(view,
		pageHead({
			title: 'Orders',
			lead: 'Custom work, soonest due first. Late orders are marked “Overdue”; accepted and started ones say when the plan finishes them.',
			flash: ctx.flash,
			actions: [linkButton('Take an order', href('orders/new'))],
		}),
		results);

	let customers = new Map();
	let productName = null;

	async function step(order, status, button) {
		button.setAttribute('aria-disabled', 'true');
		let quote;
		try {
			quote = await moveOrder(order, status);
		} catch (err) {
			button.removeAttribute('aria-disabled');
			ctx.announce(`Could not change “${order.title}”: ${err.message}`);
			const card = button.closest('li');
			card.append(h('p', { class: 'field__error', role: 'alert' }, `Not changed: ${err.message}`));
			return;
		}
		const text = `“${order.title}” is now ${STATUS[status].toLowerCase()}${quote ? `, on quote Q-${quote.id}` : ''}.`;
		ctx.announce(text);
		await load(order.id, text);
	}

	async function load(focusId = null, message = null) {
		if (!focusId)
			fill(results, loading('orders'));
		results.setAttribute('aria-busy', 'true');
		let data;
		let planned = null;
		try {
			const params = { limit: 1000, customer_id: customerId || null, product_id: productId || null };
			if (show !== 'open' && show !== 'all')
				params.status = show;
			// One planner call for the whole list, and none when it shows no planned order.
			const wantPlan = show === 'open' || show === 'all' || PLANNED.includes(show);
			const [orders, custs, , plan, prod] = await Promise.all([api.list('orders', params), refList('customers'), loadSettings(),
				wantPlan ? loadPlanned() : null, productId ? api.get('products', productId).catch(() => null) : null]);
			data = orders;
			productName = prod ? prod.name : null;
			customers = custs.byId;
			planned = plan;
		} catch (err) {
			if (!ctx.live())
				return;
			results.setAttribute('aria-busy', 'false');
			fill(results, loadError(err, () => load()));
			return;
		}
		if (!ctx.live())
			return;
		results.setAttribute('aria-busy', 'false');
		let items = data.items;
		if (show === 'open')
			items = items.filter((o) => OPEN.includes(o.status));

		const filterForm = filters(show, customerId, customers);
		if (data.total === 0 && !customerId && !productId && (show === 'open' || show === 'all')) {
			const none = customers.size === 0;
			fill(results, emptyState({
				title: 'No orders yet',
				text: none
					? 'Orders are made-to-order work for a customer. Start by adding the customer, then take their order with a due date, a price and how long you expect it to take.'
					: 'Take your first order: who it is for, what they want, when it is due and how long you expect it to take.',
				action: none ? linkButton('Add your first customer', href('customers/new', { return: 'orders/new', as: 'customer_id' }))
					: linkButton('Take your first order', href('orders/new')),
			}));
			return;
		}

		const overdue = items.filter((o) => isOverdue(o)).length;
		const willBeLate = items.filter((o) => planEntry(o, planned)?.late).length;
		const summary = h('p', { class: 'list-count', 'data-orders-summary': '' },
			show === 'open' ? count(items.length, 'open order') : count(items.length, 'order'),
			overdue ? [', ', h('strong', { class: 'text-overdue' }, `${overdue} overdue`)] : null,
			willBeLate ? [', ', h('strong', { class: 'text-overdue' }, `${willBeLate} planned to finish late`)] : null, '.');

		const groups = GROUPS.map((g) => {
			const list = items.filter((o) => o.status === g.status);
			if (list.length === 0)
				return null;
			const id = `group-${g.status}`;
			return h('section', { class: 'order-group', 'aria-labelledby': id, 'data-group': g.status },
				h('h2', { id, class: 'order-group__title' }, g.title, h('span', { class: 'order-group__count' }, ` (${list.length})`)),
				h('ul', { class: 'order-list' }, list.map((o) => orderCard(o, customers, planned, step))));
		}).filter(Boolean);

		const nothing = items.length === 0 ? emptyState({
			title: 'No orders to show',
			text: show === 'open' ? 'Every order is finished. Well done.' : 'No orders match what you chose.',
			action: h('a', { href: href('orders', { show: 'all' }) }, 'Show all orders'),
		}) : null;
		const note = message ? h('p', { class: 'notice notice--success' }, h('span', { 'aria-hidden': 'true' }, '✓ '), message) : null;
		fill(results, filterForm, note, summary, nothing, groups);
		if (focusId) {
			const link = results.querySelector(`[data-order-id="${focusId}"] .order-card__title a`);
			(link || results.querySelector('h2') || view.querySelector('h1')).focus();
		}
	}

	function filters(current, cust, customerMap) {
		const showSel = h('select', { id: 'orders-show', name: 'show', class: 'input input--select' },
			h('option', { value: 'open', selected: current === 'open' }, 'Open orders'),
			h('option', { value: 'all', selected: current === 'all' }, 'All orders'),
			Object.entries(STATUS).map(([v, t]) => h('option', { value: v, selected: current === v }, `${t} only`)));
		const custSel = h('select', { id: 'orders-customer', name: 'customer_id', class: 'input input--select' },
			h('option', { value: '' }, 'Any customer'),
			[...customerMap.values()].map((c) => h('option', { value: String(c.id), selected: String(c.id) === cust }, c.name)));
		const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Choose which orders to show' },
			h('div', { class: 'filters__fields' },
				h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'orders-show' }, 'Show'), showSel),
				h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'orders-customer' }, 'Customer'), custSel)),
			h('div', { class: 'button-row filters__apply' }, h('button', { type: 'submit', class: 'button button--secondary' }, 'Show')));
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			ctx.go(href('orders', {
				show: showSel.value === 'open' ? null : showSel.value,
				customer_id: custSel.value || null,
				product_id: productId || null,
			}));
		});
		const custName = cust && customerMap.get(Number(cust)) ? customerMap.get(Number(cust)).name : null;
		const now = [showSel.selectedOptions[0].textContent.toLowerCase(), custName ? `for ${custName}` : null,
			productId ? `of ${productName || `product ${productId}`}` : null]
			.filter(Boolean).join(', ');
		return filterBox(form, now, current !== 'open' || Boolean(cust) || Boolean(productId));
	}

	load();
}

/* ---- new order --------------------------------------------------------- */

const ORDER_FIELDS = ['customer_id', 'title', 'due_date', 'price', 'vat_bp', 'estimated_minutes', 'quantity',
	'product_id', 'spec', 'status'];

function fieldsByName(schema, names) {
	return names.map((n) => schema.fields.find((f) => f.name === n)).filter((f) => f && !f.read_only);
}

/*
 * Choosing a product fills in the order's title, price and time from it
 * (the price of one; minutes to make one × quantity), as starting points: a field the maker
 * has typed in is left alone, and all stay editable.
 */
function fillFromProduct(form, products) {
	const pick = form.input('product_id');
	if (!pick || !products)
		return;
	const filled = new Map(); // input -> the text put there
	const put = (name, text) => {
		const input = form.input(name);
		if (!input || text === null)
			return;
		if (input.value.trim() !== '' && filled.get(input) !== input.value)
			return; // typed by the maker
		input.value = text;
		filled.set(input, text);
		input.dispatchEvent(new Event('input', { bubbles: true }));
	};
	const update = () => {
		const product = products.get(Number(pick.value));
		if (!product)
			return;
		const qty = Number(form.input('quantity') ? form.input('quantity').value : 1) || 1;
		put('title', product.name);
		put('price', product.price > 0 ? moneyPlain(product.price, currency()) : null);
		put('estimated_minutes', product.minutes_per_unit > 0 ? durationPlain(product.minutes_per_unit * qty) : null);
	};
	pick.addEventListener('change', update);
	if (form.input('quantity'))
		form.input('quantity').addEventListener('change', update);
}

/** #/orders/new: take an order (?customer_id= preselects the customer). */
export async function mountOrderNew(view, ctx) {
	const body = h('div', { class: 'form-page' }, loading('the form'));
	fill(view, pageHead({
		title: 'Take an order',
		lead: 'Who it is for, what they want and when. You can change any of it later.',
		back: { href: href('orders'), text: 'Orders' },
		flash: ctx.flash,
	}), body);
	try {
		const schema = await resourceSchema('orders');
		await loadSettings();
		const fields = fieldsByName(schema, ORDER_FIELDS);
		const refs = await refOptions(fields);
		if (!ctx.live())
			return;
		const addCustomer = href('customers/new', { return: 'orders/new', as: 'customer_id' });
		if (refs.options.customer_id.length === 0) {
			fill(body, emptyState({
				title: 'Add the customer first',
				text: 'Every order is for a customer. Add them (a name is enough to start), and you will come straight back here.',
				action: linkButton('Add a customer', addCustomer),
			}));
			return;
		}
		const promise = h('div', { class: 'promise-slot' });
		const form = buildForm({
			resource: 'orders',
			fields,
			values: prefill(schema, ctx.query),
			options: refs.options,
			mode: 'create',
			submitLabel: 'Take the order',
			extra: promise,
			onSubmit: async (out) => {
				const saved = await api.create('orders', out);
				ctx.go(href(`orders/${saved.id}`), { flash: `Order “${saved.title}” taken.` });
			},
		});
		if (form.input('estimated_minutes') && form.input('price') && form.input('due_date'))
			fill(promise, promisePanel({
				minutes: form.input('estimated_minutes'),
				price: form.input('price'),
				due: form.input('due_date'),
			}, ctx.announce));
		fillFromProduct(form, refs.maps.product_id);
		const custRow = form.rows.get('customer_id');
		custRow.node.append(h('p', { class: 'field__more' }, 'Someone new? ',
			h('a', { href: addCustomer }, 'Add a new customer'), ' and come back here.'));
		fill(body, form.form);
	} catch (err) {
		if (ctx.live())
			fill(body, loadError(err, () => ctx.reload()));
	}
}

/* ---- one order ----------------------------------------------------------- */

/**
 * Time entries as a list: when, who, how long, note. With onDelete(entry)
 * each finished entry can be deleted (a timer started by mistake).
 */
export function entryList(entries, nameOf = null, onDelete = null) {
	if (entries.length === 0)
		return h('p', { class: 'muted', 'data-entries-empty': '' }, 'No time recorded yet.');
	return h('ul', { class: 'entries', 'data-entries': '' }, entries.map((e) => {
		const start = parseInstant(e.started_at);
		const end = e.ended_at ? parseInstant(e.ended_at) : null;
		const secs = start && end ? (end - start) / 1000 : null;
		let length;
		if (!end)
			length = h('strong', {}, 'running now');
		else if (e.minutes === 0 && secs !== null)
			length = `${secondsText(secs)} (under a minute, counts as 0 min)`;
		else
			length = minutesText(e.minutes);
		return h('li', { class: 'entries__item', 'data-entry-id': e.id },
			h('span', { class: 'entries__when' }, instantText(e.started_at),
				end ? `–${timeOfDay(e.ended_at)}` : ''),
			nameOf ? h('span', { class: 'entries__what' }, nameOf(e)) : null,
			h('span', { class: 'entries__who' }, e.worker),
			h('span', { class: 'entries__length', 'data-length': '' }, length),
			e.note ? h('span', { class: 'entries__note' }, e.note) : null,
			end ? h('a', { class: 'entries__correct', href: href(`time-entries/${e.id}`), 'data-correct': '',
				'aria-label': `Correct the time entry of ${instantText(e.started_at)}` }, 'Correct') : null,
			onDelete && end ? h('div', { class: 'entries__delete' }, deleteControl({
				what: 'time entry',
				resource: 'time-entries',
				small: true,
				label: `Delete the time entry of ${instantText(e.started_at)}`,
				onDelete: () => onDelete(e),
			})) : null);
	}));
}

/** #/orders/:id: one order, its progress, time and details. */
export async function mountOrder(view, ctx) {
	const id = Number(ctx.params.id);
	const head = h('div');
	const body = h('div', { class: 'detail' }, loading('the order'));
	fill(view, head, body);
	fill(head, pageHead({ title: `Order ${id}`, back: { href: href('orders'), text: 'Orders' }, flash: ctx.flash }));

	let order, schema, refs, entries, customers, planned = null, uses = null;
	try {
		schema = await resourceSchema('orders');
		await loadSettings();
		[order, entries, customers] = await Promise.all([
			api.get('orders', id),
			api.list('time-entries', { order_id: id, limit: 1000 }),
			refList('customers'),
		]);
		[refs, planned, uses] = await Promise.all([refOptions(fieldsByName(schema, ORDER_FIELDS), order),
			PLANNED.includes(order.status) ? loadPlanned() : null,
			order.product_id && MADE.includes(order.status) ? loadUses(id) : null]);
	} catch (err) {
		if (!ctx.live())
			return;
		if (err.status === 404)
			fill(body, h('p', { class: 'notice' }, `There is no order ${id}. It may have been deleted. `,
				h('a', { href: href('orders') }, 'See all orders'), '.'));
		else
			fill(body, loadError(err, () => ctx.reload()));
		return;
	}
	if (!ctx.live())
		return;

	ctx.setTitle(order.title);
	const cust = customers.byId.get(order.customer_id);
	fill(head, pageHead({
		title: order.title,
		back: { href: href('orders'), text: 'Orders' },
		flash: ctx.flash,
	}));
	head.querySelector('.page-head__row').after(h('p', { class: 'page-head__badges', 'data-order-status': order.status },
		statusBadge(order.status), isOverdue(order) ? [' ', overdueBadge(order)] : null));

	/* Status: where it stands, and the buttons to move it on. */
	const flow = ['quoted', 'accepted', 'in_progress', 'done', 'delivered'];
	const at = flow.indexOf(order.status);
	const stepper = h('ol', { class: 'stepper', 'aria-label': 'Progress' }, flow.map((s, i) =>
		h('li', {
			class: `stepper__step${i < at ? ' stepper__step--past' : ''}${i === at ? ' stepper__step--current' : ''}`,
			'aria-current': i === at ? 'step' : null,
		}, i < at ? h('span', { class: 'visually-hidden' }, 'Finished: ') : null, STATUS[s])));
	const statusMessage = h('div', { class: 'form-error', role: 'alert' });
	const buttons = [];
	async function setStatus(status) {
		fill(statusMessage);
		try {
			const quote = await moveOrder(order, status);
			ctx.go(location.hash, { flash: quote
				? `Quote Q-${quote.id} accepted: the order is accepted.`
				: `Marked ${STATUS[status].toLowerCase()}.` });
		} catch (err) {
			fill(statusMessage, h('p', {}, h('strong', {}, 'Not changed. '), err.message));
		}
	}
	/* An order of a product is marked done by taking its recipe from
	 * stock, with the lots to choose (batch-done.js); one without is a
	 * plain step. */
	const making = order.product_id && order.status === 'in_progress'
		? donePanel(order, {
			kind: 'orders',
			announce: (text) => ctx.announce(text),
			onDone: (answer) => ctx.go(location.hash, { flash: `Marked done: ${count(answer.uses.length, 'material use')} taken from stock.` }),
		})
		: null;
	const next = making ? null : NEXT[order.status];
	if (next) {
		const b = h('button', { type: 'button', class: 'button button--primary', 'data-step': next[0] }, next[1]);
		b.addEventListener('click', () => setStatus(next[0]));
		buttons.push(b);
	}
	if (OPEN.includes(order.status) || order.status === 'done') {
		const b = h('button', { type: 'button', class: 'button button--secondary', 'data-step': 'cancelled' }, 'Cancel the order');
		b.addEventListener('click', () => setStatus('cancelled'));
		buttons.push(b);
	}
	if (order.status === 'cancelled') {
		const b = h('button', { type: 'button', class: 'button button--secondary', 'data-step': 'quoted' }, 'Reopen as quoted');
		b.addEventListener('click', () => setStatus('quoted'));
		buttons.push(b);
	}
	const statusSection = h('section', { class: 'panel', 'aria-labelledby': 'order-status-h' },
		h('h2', { id: 'order-status-h' }, 'Where it stands'),
		order.status === 'cancelled' ? h('p', {}, 'This order was cancelled.') : stepper,
		buttons.length ? h('div', { class: 'button-row', 'data-needs': 'write' }, buttons) : null,
		statusMessage);

	const contact = cust ? [
		h('a', { href: href(`customers/${cust.id}`) }, cust.name),
		cust.email ? [h('br'), h('a', { href: `mailto:${cust.email}` }, cust.email)] : null,
		cust.phone ? [h('br'), h('a', { href: `tel:${cust.phone.replace(/[^\d+]/g, '')}` }, cust.phone)] : null,
	] : `customer ${order.customer_id}`;
	const product = order.product_id && refs.maps.product_id.get(order.product_id);
	const about = h('section', { class: 'panel', 'aria-labelledby': 'order-about-h' },
		h('h2', { id: 'order-about-h' }, 'The order'),
		facts([
			['Customer', contact],
			['Due', [dueLine(order, { labelled: true }), planLine(order, planned)]],
			['Price', money(order.price, currency())],
			['Quantity', String(order.quantity)],
			['Product', product ? h('a', { href: href(`products/${product.id}`) }, product.name) : null],
			['Details', order.spec],
		]));

	/* Time: tracked against the estimate, every entry, and a way to time it. */
	const items = entries.items;
	const seconds = items.reduce((sum, e) => {
		const a = parseInstant(e.started_at);
		const b = e.ended_at ? parseInstant(e.ended_at) : null;
		return a && b ? sum + (b - a) / 1000 : sum;
	}, 0);
	const extra = order.tracked_minutes === 0 && seconds > 0 ? ` (${secondsText(seconds)} on the clock)` : null;
	const timeSection = h('section', { class: 'panel', 'aria-labelledby': 'order-time-h', 'data-order-time': '' },
		h('h2', { id: 'order-time-h' }, 'Time'),
		h('p', { class: 'time-summary' }, timeLine(order, extra)),
		entryList(items, null, async (e) => {
			await api.remove('time-entries', e.id);
			ctx.go(location.hash, { flash: 'Time entry deleted.' });
		}),
		h('div', { class: 'button-row' },
			OPEN.includes(order.status) ? linkButton('Time this order', href('timer', { order: id }), 'secondary', { 'data-needs': 'write' }) : null,
			linkButton('Add time by hand', href('time-entries/new', { order_id: id, return: `orders/${id}` }), 'quiet', { 'data-add-time': '' })));

	/* Details: the whole order, editable. */
	const form = buildForm({
		resource: 'orders',
		fields: fieldsByName(schema, ORDER_FIELDS),
		values: order,
		options: refs.options,
		mode: 'edit',
		submitLabel: 'Save changes',
		onSubmit: async (out, { changed }) => {
			if (!changed) {
				ctx.go(location.hash, { flash: 'Nothing changed, so nothing was saved.' });
				return;
			}
			await api.update('orders', id, out);
			ctx.go(location.hash, { flash: 'Order saved.' });
		},
	});
	const editSection = h('section', { class: 'panel', 'aria-labelledby': 'order-edit-h' },
		h('h2', { id: 'order-edit-h' }, 'Change the order'),
		form.form,
		h('div', { class: 'danger-zone' }, deleteControl({
			what: 'order',
			resource: 'orders',
			onDelete: async () => {
				await api.remove('orders', id);
				ctx.go(href('orders'), { flash: `Deleted order “${order.title}”.` });
			},
		})));

	fill(body, h('div', { class: 'detail__grid' },
		h('div', { class: 'detail__col' }, statusSection, making, about, invoicePanel(order, ctx)),
		h('div', { class: 'detail__col' }, quotePanel(order, { go: (flash) => ctx.go(location.hash, { flash }) }),
			timeSection, uses ? usesSection(order, uses) : null)),
	editSection);
}

/* The statuses in which an order has taken its recipe (consume.h). */
const MADE = ['done', 'delivered'];

/* The material uses of order id, with the materials' names. */
async function loadUses(id) {
	const [list, materials] = await Promise.all([
		api.list('batch-materials', { order_id: id, limit: 200 }),
		refList('materials'),
	]);
	return { items: list.items, materials };
}

/* What a done order took from stock, lot by lot, for the trace. */
function usesSection(order, uses) {
	const rows = uses.items.map((u) => {
		const m = uses.materials.byId.get(u.material_id);
		return h('tr', { 'data-use-lot': u.lot_id === null ? 'none' : u.lot_id },
			h('th', { scope: 'row', 'data-label': 'Material' }, m ? m.name : `material ${u.material_id}`),
			h('td', { 'data-label': 'Quantity', class: 'col--int' }, `${groupDigits(u.quantity)}${m ? ` ${m.unit}` : ''}`),
			h('td', { 'data-label': 'Supplier lot' }, u.lot ? h('span', { class: 'code' }, u.lot) : h('span', { class: 'muted' }, 'not in a lot'),
				u.beyond_stock ? [' ', badge('Beyond stock', 'overdue', '!')] : null));
	});
	return h('section', { class: 'panel', 'aria-labelledby': 'order-uses-h', 'data-section': 'uses' },
		h('h2', { id: 'order-uses-h' }, 'What it took from stock'),
		shortNotice(order, 'order'),
		rows.length
			? h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'order-materials' },
				h('caption', { class: 'visually-hidden' }, 'Materials this order took'),
				h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Material'),
					h('th', { scope: 'col', class: 'col--int' }, 'Quantity'), h('th', { scope: 'col' }, 'Supplier lot'))),
				h('tbody', {}, rows)))
			: h('p', { class: 'muted' }, 'Nothing: its product had no recipe when it was done.'));
}

export { STATUS as ORDER_STATUS };
