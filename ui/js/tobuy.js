/* tobuy.js - #/to-buy: what to buy, made for a phone in a shop.
 *
 * GET /api/v1/to-buy?days=N (14 by default) works out, for the planned
 * batches and accepted orders of the next N days and the reorder levels,
 * each material's need, what is on hand and on order, the shortfall, the
 * packs that cover it and their cost, grouped by supplier with the last
 * day to order given the supplier's delivery time. This page shows it as
 * one card per material (big enough to read at arm's length), flags a
 * supplier whose last day to order is today or past, and "Order these"
 * makes the purchase orders (POST /api/v1/to-buy/orders): one per
 * supplier, linked, after which the list is empty. No sums are done here. */

import { api, ApiError } from './api.js';
import { fill, h } from './dom.js';
import { count, dateText, daysBetween, groupDigits, money, parseWhole } from './format.js';
import { badge, emptyState, linkButton, loadInto, pageHead } from './page.js';
import { amountText, purchaseLinks } from './purchases.js';
import { href } from './router.js';
import { currency, loadSettings, messageText } from './schema.js';

export const DEFAULT_DAYS = 14;

/* ?days=N when it is a whole number from 1 to 365, else the default. */
function daysOf(query) {
	const v = query.get('days');
	return v && /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 365 ? Number(v) : DEFAULT_DAYS;
}

/* "£20.00", or "about £0.70" where a material has no pack price. */
function costWords(cost, estimated) {
	return estimated ? `about ${money(cost, currency())}` : money(cost, currency());
}

/* What to buy of one material: "1 × sack (16,000 g)", or "1,400 g". */
function buyText(m) {
	if (m.purchase_unit)
		return `${groupDigits(m.packs)} × ${m.purchase_unit.name} (${amountText(m.order_qty, m.unit)})`;
	if (m.pack_size)
		return `${count(m.packs, 'pack')} of ${amountText(m.pack_size, m.unit)}${m.packs > 1 ? ` (${amountText(m.order_qty, m.unit)})` : ''}`;
	return amountText(m.order_qty, m.unit);
}

/* The last day to order, in words, flagged when it is today or past. */
function orderBy(group, todayIs) {
	const n = daysBetween(todayIs, group.order_by);
	// No supplier, no delivery time: only when it is needed.
	if (group.supplier_id === null)
		return n <= 0
			? h('p', { class: 'tobuy-group__when tobuy-group__when--today', 'data-order-by': n < 0 ? 'late' : 'today' },
				badge('Needed today', 'late', '!'), ' ', 'Buy these today.')
			: h('p', { class: 'tobuy-group__when', 'data-order-by': 'later' },
				'Needed by ', h('strong', {}, dateText(group.first_needed_on)), ` (in ${count(n, 'day')}).`);
	if (n < 0)
		return h('p', { class: 'tobuy-group__when tobuy-group__when--late', 'data-order-by': 'late' },
			badge('Late', 'late', '!'), ' ',
			`The last day to order was ${dateText(group.order_by)}, ${count(-n, 'day')} ago. Order today; it may come after ${dateText(group.first_needed_on)}, when it is first needed.`);
	if (n === 0)
		return h('p', { class: 'tobuy-group__when tobuy-group__when--today', 'data-order-by': 'today' },
			badge('Order today', 'late', '!'), ' ',
			`Today is the last day to order for it to come by ${dateText(group.first_needed_on)}.`);
	return h('p', { class: 'tobuy-group__when', 'data-order-by': 'later' },
		'Order by ', h('strong', {}, dateText(group.order_by)),
		` (in ${count(n, 'day')}) for it to come by ${dateText(group.first_needed_on)}.`);
}

/* What needs it, in a sentence: the batches and orders, linked, and
 * the reorder level kept in reserve. */
function reasonNodes(m) {
	const out = [];
	const shown = m.reasons.slice(0, 3);
	for (const r of shown) {
		out.push(out.length ? ', ' : 'For ');
		if (r.batch_id)
			out.push(h('a', { href: href(`batches/${r.batch_id}`) }, r.code || `batch ${r.batch_id}`),
				r.run_date ? ` (${dateText(r.run_date)})` : '');
		else if (r.order_id)
			out.push(h('a', { href: href(`orders/${r.order_id}`) }, r.title || `order ${r.order_id}`),
				r.due_date ? ` (due ${dateText(r.due_date)})` : '');
	}
	if (m.reasons.length > shown.length)
		out.push(` and ${groupDigits(m.reasons.length - shown.length)} more`);
	if (m.reorder_level > 0)
		out.push(out.length ? ', and to keep ' : 'To keep ', `its reorder level of ${amountText(m.reorder_level, m.unit)}`);
	if (out.length)
		out.push('.');
	return out;
}

function materialCard(m) {
	const fig = (label, value, key) => h('div', { class: 'tobuy-item__fig', 'data-fig': key },
		h('dt', {}, label), h('dd', {}, amountText(value, m.unit)));
	return h('li', {
		class: 'tobuy-item', 'data-material-id': m.material_id, 'data-shortfall': m.shortfall, 'data-packs': m.packs,
		'data-order-qty': m.order_qty, 'data-cost': m.cost,
	},
	h('h3', { class: 'tobuy-item__name' }, h('a', { href: href(`materials/${m.material_id}`) }, m.name)),
	h('p', { class: 'tobuy-item__buy' },
		h('span', { class: 'tobuy-item__what' }, 'Buy ', h('strong', { 'data-buy': '' }, buyText(m))),
		h('span', { class: 'tobuy-item__cost', 'data-cost-text': '' }, costWords(m.cost, m.estimated))),
	h('dl', { class: 'tobuy-item__figs' },
		fig('Need', m.need, 'need'),
		fig('On hand', m.on_hand, 'on_hand'),
		fig('On order', m.on_order, 'on_order'),
		fig('Short', m.shortfall, 'shortfall')),
	m.reasons.length || m.reorder_level > 0 ? h('p', { class: 'tobuy-item__why' }, reasonNodes(m)) : null,
	m.estimated ? h('p', { class: 'tobuy-item__note muted' }, 'No pack price yet, so the cost is worked out from its cost per unit.') : null);
}

function groupCard(g, todayIs, onOrder, alone) {
	const name = g.supplier_id ? h('a', { href: href(`suppliers/${g.supplier_id}`) }, g.supplier_name) : 'No supplier yet';
	const button = h('button', { type: 'button', class: 'button button--secondary', 'data-order-group': g.supplier_id === null ? 'none' : g.supplier_id, 'data-needs': 'write' },
		g.supplier_id ? `Order these from ${g.supplier_name} only` : 'Order these only');
	button.addEventListener('click', () => onOrder([g.supplier_id], button));
	return h('section', { class: 'panel tobuy-group', 'aria-label': g.supplier_id ? g.supplier_name : 'No supplier yet', 'data-supplier-id': g.supplier_id === null ? 'none' : g.supplier_id },
		h('h2', { class: 'tobuy-group__name' }, name),
		orderBy(g, todayIs),
		g.supplier_id ? h('p', { class: 'muted tobuy-group__lead' }, g.lead_time_days
			? `Delivery takes ${count(g.lead_time_days, 'day')}.`
			: 'No delivery time given for this supplier, so it is taken as 0 days.')
			: h('p', { class: 'muted tobuy-group__lead' }, 'These materials have no supplier. Choose one on each material’s page to see when to order.'),
		h('ul', { class: 'tobuy-items' }, g.materials.map(materialCard)),
		h('div', { class: 'tobuy-group__foot' },
			h('p', { class: 'tobuy-group__total' }, 'In all ', h('strong', { 'data-group-total': g.total }, costWords(g.total, g.estimated))),
			// With one supplier, "Order these" above says it all.
			alone ? null : h('div', { class: 'button-row' }, button)));
}

/** #/to-buy: what the next days' work needs, by supplier, and ordering it. */
export function mountToBuy(view, ctx) {
	const days = daysOf(ctx.query);
	const input = h('input', {
		id: 'tobuy-days', name: 'days', type: 'text', inputmode: 'numeric', class: 'input input--number', autocomplete: 'off',
		value: String(days), 'aria-describedby': 'tobuy-days-hint',
	});
	const error = h('p', { class: 'field__error', id: 'tobuy-days-error', hidden: true });
	const daysForm = h('form', { class: 'tobuy-days', novalidate: true, role: 'search', 'aria-label': 'How far ahead' },
		h('div', { class: 'field' },
			h('label', { class: 'field__label', for: input.id }, 'Days ahead'),
			h('p', { class: 'field__hint', id: 'tobuy-days-hint' }, 'The batches and orders of today and this many days after it.'),
			h('div', { class: 'tobuy-days__row' }, input,
				h('button', { type: 'submit', class: 'button button--secondary' }, 'Show')),
			error));
	daysForm.addEventListener('submit', (event) => {
		event.preventDefault();
		const p = parseWhole(input.value);
		if (p.error || p.value < 1 || p.value > 365) {
			fill(error, h('span', { class: 'field__error-mark', 'aria-hidden': 'true' }, '!'), ' ', 'Enter a number of days from 1 to 365.');
			error.hidden = false;
			input.setAttribute('aria-invalid', 'true');
			input.setAttribute('aria-describedby', 'tobuy-days-hint tobuy-days-error');
			input.focus();
			return;
		}
		ctx.go(href('to-buy', { days: p.value === DEFAULT_DAYS ? null : p.value }));
	});

	const done = h('div', { 'data-ordered': '' });
	const list = h('div', { class: 'tobuy', 'data-to-buy': '' });
	fill(view,
		pageHead({
			title: 'To buy',
			lead: 'What the batches you have planned and the orders you have accepted need that your stock and open purchases do not cover, plus what you keep in reserve, rounded up to whole packs.',
			flash: ctx.flash,
			actions: [linkButton('Purchases', href('purchases'), 'secondary')],
		}),
		daysForm, done, list);

	async function order(supplierIds, button) {
		button.setAttribute('aria-disabled', 'true');
		const label = button.textContent;
		button.textContent = 'Ordering…';
		try {
			const body = { days };
			if (supplierIds)
				body.supplier_ids = supplierIds;
			const res = await api.orderToBuy(body);
			fill(done, res.items.length
				? h('div', { class: 'notice notice--success', role: 'status', 'data-ordered-purchases': res.items.length },
					h('p', {}, h('span', { class: 'notice__mark', 'aria-hidden': 'true' }, '✓ '),
						h('strong', {}, res.items.length === 1 ? 'Ordered: ' : `${res.items.length} purchase orders made: `),
						...purchaseLinks(res.items), '.'),
					h('p', {}, 'Send them to the suppliers. They count as on order now; receive each on its page when the goods come.'))
				: h('p', { class: 'notice', role: 'status' }, 'There was nothing left to order.'));
			ctx.announce(res.items.length ? `${count(res.items.length, 'purchase order')} made.` : 'Nothing to order.');
			draw();
		} catch (err) {
			button.removeAttribute('aria-disabled');
			button.textContent = label;
			fill(done, h('div', { class: 'notice notice--error', role: 'alert' },
				h('p', {}, h('strong', {}, 'Nothing was ordered. '), err instanceof ApiError ? messageText('purchases', err.message) : 'Try again.')));
		}
	}

	function draw() {
		loadInto(list, ctx, 'what to buy', () => Promise.all([api.toBuy(days), loadSettings()]), ([tb]) => {
			const span = `from ${dateText(tb.from)} to ${dateText(tb.to)}`;
			if (tb.groups.length === 0)
				return emptyState({
					title: 'Nothing to buy',
					text: `Your stock and open purchases cover every batch planned and order accepted ${span}, and every material is above its reorder level.`,
					action: linkButton('See your purchases', href('purchases'), 'secondary'),
				});
			const n = tb.groups.reduce((s, g) => s + g.materials.length, 0);
			const all = h('button', { type: 'button', class: 'button button--primary button--big', 'data-order-all': '', 'data-needs': 'write' }, 'Order these');
			all.addEventListener('click', () => order(null, all));
			return [
				h('div', { class: 'tobuy-summary panel' },
					h('p', { class: 'tobuy-summary__text' },
						`${count(n, 'material')} to buy for the work ${span}: `,
						h('strong', { 'data-total': tb.total }, costWords(tb.total, tb.estimated)), ' in all.'),
					h('p', { class: 'muted', 'data-needs': 'write' }, tb.groups.length === 1 ? 'Makes one purchase order, dated today.'
						: `Makes ${tb.groups.length} purchase orders, one for each supplier, dated today.`),
					h('div', { class: 'button-row' }, all)),
				tb.groups.map((g) => groupCard(g, tb.from, order, tb.groups.length === 1)),
			];
		});
	}
	draw();
}
