/* related.js - the records connected to one, shown on its page.
 *
 * A customer's page lists their orders (status, due date and planned
 * finish, as the Orders list says them) and what they bought (each sale
 * with the batch it came from); a material's page lists its lots in
 * stock (code, received, best before flagged when past or near, what is
 * left of how much came, cost, the batches that took from it, each code
 * tracing to them), lot codes typed on batches with no lot behind them,
 * the batches it went into and what it is bought in; a lot's page what it
 * is, the purchase it came on and what took from it; a supplier's page
 * lists the materials usually bought from it. Each comes from the list
 * endpoint with a filter (customer_id, material_id, supplier_id) and
 * links to the records it names. */

import { api } from './api.js';
import { fill, h } from './dom.js';
import { count, dateText, daysBetween, groupDigits, money, today } from './format.js';
import { loadPlanned, orderLine } from './orders.js';
import { badge, emptyState, facts, linkButton, loadInto } from './page.js';
import { refList, renderList } from './records.js';
import { href } from './router.js';
import { currency, loadSettings, valueText } from './schema.js';

/* The most a page shows of one list before linking to the whole of it. */
const SHOWN = 1000;

function section(key, title, ...children) {
	const id = `related-${key}`;
	return h('section', { class: 'panel related-records', 'aria-labelledby': id, 'data-related': key },
		h('h2', { id }, title), ...children);
}

/* ---- a customer ------------------------------------------------------------- */

function customerOrders(customer, ctx) {
	const body = h('div', { class: 'related-records__body' });
	loadInto(body, ctx, 'their orders',
		() => Promise.all([api.list('orders', { customer_id: customer.id, limit: SHOWN }), loadPlanned(), loadSettings()]),
		([data, planned]) => {
			if (data.total === 0)
				return emptyState({
					title: 'No orders yet',
					text: `Nothing has been ordered by ${customer.name} so far.`,
					action: linkButton(`Take an order for ${customer.name}`, href('orders/new', { customer_id: customer.id }), 'secondary'),
				});
			return [
				h('p', { class: 'list-count' }, `${count(data.total, 'order')}, soonest due first.`),
				h('ul', { class: 'linked-list', 'data-list': 'orders' }, data.items.map((o) => orderLine(o, planned))),
				h('p', {}, linkButton('Their orders in the Orders list', href('orders', { show: 'all', customer_id: customer.id }), 'secondary')),
			];
		});
	return section('orders', 'Their orders', body);
}

function customerSales(customer, ctx) {
	const body = h('div', { class: 'related-records__body' });
	const query = new URLSearchParams({ customer_id: String(customer.id) });
	renderList(body, { ...ctx, query }, 'sales', {
		filters: false,
		columns: ['sold_on', 'product_id', 'batch_id', 'quantity', 'total'],
		none: h('p', { class: 'muted' }, `No sales to ${customer.name} recorded yet.`),
	});
	return section('sales', 'What they bought', body);
}

/** The connected records of a customer's page: their orders and purchases. */
export function customerRecords(customer, ctx) {
	return h('div', { class: 'related-records__all' }, customerOrders(customer, ctx), customerSales(customer, ctx));
}

/* ---- a material -------------------------------------------------------------- */

function traceLink(lot) {
	return h('a', { href: href('trace', { lot }), 'aria-label': `Lot ${lot}: trace every batch that used it` }, lot);
}

function usesTable(material, uses, batches) {
	const unit = valueText('materials', 'unit', material.unit);
	const head = ['Batch', 'Run date', 'Used', 'Supplier lot'];
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'uses' },
		h('caption', { class: 'visually-hidden' }, `Batches ${material.name} went into`),
		h('thead', {}, h('tr', {}, head.map((t) => h('th', { scope: 'col' }, t)))),
		h('tbody', {}, uses.map((u) => {
			const b = batches.get(u.batch_id);
			return h('tr', { 'data-use-id': u.id },
				h('th', { scope: 'row', 'data-label': head[0] },
					h('a', { href: href(`batches/${u.batch_id}`) }, b ? b.code : `batch ${u.batch_id}`)),
				h('td', { 'data-label': head[1] }, b ? dateText(b.run_date) : '—'),
				h('td', { class: 'col--int', 'data-label': head[2] }, `${groupDigits(u.quantity)} ${material.unit === 'pcs' ? unit : material.unit}`),
				h('td', { 'data-label': head[3] }, u.lot ? traceLink(u.lot) : h('span', { class: 'muted' }, 'not recorded')));
		}))));
}

/* Each lot code typed on a use with no lot in stock behind it, once, in
 * the order first used, with its batches and quantity. */
function typedLots(uses) {
	const lots = new Map();
	for (const u of uses) {
		if (!u.lot || u.lot_id)
			continue;
		const l = lots.get(u.lot) || { lot: u.lot, batches: new Set(), quantity: 0 };
		l.batches.add(u.batch_id);
		l.quantity += u.quantity;
		lots.set(u.lot, l);
	}
	return [...lots.values()];
}

/** A lot's date, flagged past it or near it: the Stock page's words. */
export function expiryText(date, todayIs, soonDays = 7) {
	if (!date)
		return h('span', { class: 'muted' }, 'none');
	const n = daysBetween(todayIs, date);
	if (n < 0)
		return h('span', { 'data-expiry': 'expired' }, badge('Past its date', 'overdue', '!'), ' ', dateText(date),
			` (${count(-n, 'day')} ago)`);
	if (n <= soonDays)
		return h('span', { 'data-expiry': 'soon' }, badge(n === 0 ? 'Last day today' : `${count(n, 'day')} left`, 'soon', '!'), ' ', dateText(date));
	return h('span', { 'data-expiry': 'ok' }, dateText(date));
}

/* The material's lots: code, when it came, its date, what is left of it,
 * what it cost and the batches that took from it. */
function lotsTable(material, lots, uses) {
	const cur = currency();
	const now = today();
	const taken = new Map();
	for (const u of uses) {
		if (!u.lot_id)
			continue;
		const t = taken.get(u.lot_id) || { batches: new Set(), quantity: 0 };
		if (u.batch_id)
			t.batches.add(u.batch_id);
		taken.set(u.lot_id, t);
	}
	const head = ['Lot', 'Received', 'Best before', 'Left', 'Cost', 'Used in'];
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'material-lots' },
		h('caption', { class: 'visually-hidden' }, `The lots of ${material.name}, first to expire first`),
		h('thead', {}, h('tr', {}, head.map((t, i) => h('th', { scope: 'col', class: i === 3 ? 'col--int' : i === 4 ? 'col--money' : null }, t)))),
		h('tbody', {}, lots.map((l) => {
			const t = taken.get(l.id);
			return h('tr', { 'data-lot-id': l.id, 'data-remaining': l.remaining },
				h('th', { scope: 'row', 'data-label': head[0] },
					h('a', { href: href(`material-lots/${l.id}`), class: l.lot ? 'code' : null }, l.lot || `no code (lot ${l.id})`)),
				h('td', { 'data-label': head[1] }, dateText(l.received_on)),
				h('td', { 'data-label': head[2] }, l.remaining > 0 ? expiryText(l.expires_on, now)
					: l.expires_on ? dateText(l.expires_on) : h('span', { class: 'muted' }, 'none')),
				h('td', { 'data-label': head[3], class: 'col--int nowrap' }, l.remaining > 0
					? `${groupDigits(l.remaining)} of ${groupDigits(l.quantity)} ${l.unit}`
					: h('span', { class: 'muted' }, `used up (${groupDigits(l.quantity)} ${l.unit})`)),
				h('td', { 'data-label': head[4], class: 'col--money' }, money(l.cost, cur)),
				h('td', { 'data-label': head[5] }, t && t.batches.size
					? h('span', {}, count(t.batches.size, 'batch', 'batches'), l.lot ? [' · ', traceLink(l.lot)] : null)
					: h('span', { class: 'muted' }, 'none')));
		}))));
}

/* What a material is bought in: its purchase units, and a link to add one. */
function materialUnits(material, ctx) {
	const body = h('div', { class: 'related-records__body' });
	const add = linkButton('Add a purchase unit', href('material-units/new', { material_id: material.id, return: `materials/${material.id}` }), 'secondary');
	loadInto(body, ctx, 'what it is bought in',
		() => api.list('material-units', { material_id: material.id, limit: SHOWN }),
		(data) => [
			data.total === 0
				? h('p', { class: 'muted' }, `Only in ${material.unit} so far. Add the sack, pack or roll it comes in.`)
				: h('ul', { class: 'linked-list', 'data-list': 'material-units' }, data.items.map((u) => h('li', { class: 'linked-list__item', 'data-unit-id': u.id },
					h('a', { href: href(`material-units/${u.id}`) }, u.name),
					h('span', { class: 'linked-list__facts' }, `holds ${groupDigits(u.base_qty)} ${u.unit}`)))),
			h('p', {}, add),
		]);
	return section('units', 'Bought in', body);
}

/** The connected records of a material's page: the batches it went into, its lots, and what it is bought in. */
export function materialRecords(material, ctx) {
	const uses = h('div', { class: 'related-records__body' });
	const lots = h('div', { class: 'related-records__body' });
	const wrap = h('div', { class: 'related-records__all' },
		section('lots', 'Its lots', lots),
		section('uses', 'Batches it went into', uses),
		materialUnits(material, ctx));
	const add = linkButton('Add a lot by hand', href('material-lots/new', { material_id: material.id, return: `materials/${material.id}` }), 'secondary');
	loadInto(uses, ctx, 'its uses',
		() => Promise.all([api.list('batch-materials', { material_id: material.id, limit: SHOWN }), refList('batches'),
			api.list('material-lots', { material_id: material.id, limit: SHOWN }), loadSettings()]),
		([data, batches, stored]) => {
			const typed = typedLots(data.items);
			fill(lots,
				stored.total === 0
					? h('p', { class: 'muted', 'data-no-lots': '' }, `No lots of ${material.name} in stock yet. Receiving a purchase makes them; add one by hand for stock you already had.`)
					: [h('p', { class: 'list-count' }, stored.total > stored.items.length
						? `The first ${groupDigits(stored.items.length)} of ${count(stored.total, 'lot')}, first to expire first.`
						: `${count(stored.total, 'lot')}, first to expire first.`),
					lotsTable(material, stored.items, data.items)],
				typed.length === 0 ? null : [
					h('h3', { class: 'related-records__sub' }, 'Lot codes typed on batches'),
					h('ul', { class: 'linked-list', 'data-list': 'lots' }, typed.map((l) => h('li', { class: 'linked-list__item', 'data-lot': l.lot },
						traceLink(l.lot),
						h('span', { class: 'linked-list__facts' },
							`${count(l.batches.size, 'batch', 'batches')}, ${groupDigits(l.quantity)} ${material.unit} used`))))],
				h('p', { 'data-needs': 'write' }, add));
			if (data.total === 0)
				return h('p', { class: 'muted' }, `${material.name} has not gone into a batch yet. A batch’s page records what it used.`);
			return [
				h('p', { class: 'list-count' }, data.total > data.items.length
					? `The first ${groupDigits(data.items.length)} of ${count(data.total, 'use')}.`
					: `${count(data.total, 'use')}, in the order recorded.`),
				usesTable(material, data.items, batches.byId),
			];
		});
	return wrap;
}

/* ---- a lot ----------------------------------------------------------------- */

/** The connected records of a lot's page: what it is, where it came from, and what took from it. */
export function lotRecords(lot, ctx) {
	const body = h('div', { class: 'related-records__body' });
	loadInto(body, ctx, 'the lot',
		() => Promise.all([
			api.list('batch-materials', { lot_id: lot.id, limit: SHOWN }),
			refList('batches'),
			lot.purchase_line_id ? api.get('purchase-lines', lot.purchase_line_id) : null,
			loadSettings(),
		]),
		([uses, batches, line]) => {
			const cur = currency();
			return [
				facts([
					['Material', h('a', { href: href(`materials/${lot.material_id}`) }, lot.material_name)],
					['Came on', line ? h('a', { href: href(`purchases/${line.purchase_id}`) }, `purchase ${line.purchase_id}`) : 'added by hand'],
					['Received on', dateText(lot.received_on)],
					['Best before', lot.remaining > 0 ? expiryText(lot.expires_on, today()) : (lot.expires_on ? dateText(lot.expires_on) : null)],
					['Came', `${groupDigits(lot.quantity)} ${lot.unit}`],
					['Left', h('strong', { 'data-remaining': lot.remaining }, `${groupDigits(lot.remaining)} ${lot.unit}`)],
					['Cost', money(lot.cost, cur)],
				], 'facts--grid'),
				uses.total === 0
					? h('p', { class: 'muted' }, 'Nothing has been taken from this lot yet.')
					: h('ul', { class: 'linked-list', 'data-list': 'lot-uses' }, uses.items.map((u) => {
						const b = u.batch_id ? batches.byId.get(u.batch_id) : null;
						return h('li', { class: 'linked-list__item', 'data-use-id': u.id },
							u.batch_id ? h('a', { href: href(`batches/${u.batch_id}`) }, b ? b.code : `batch ${u.batch_id}`)
								: h('a', { href: href(`orders/${u.order_id}`) }, `order ${u.order_id}`),
							h('span', { class: 'linked-list__facts' }, `${groupDigits(u.quantity)} ${lot.unit} taken`));
					})),
			];
		});
	return h('div', { class: 'related-records__all' }, section('lot', 'The lot', body));
}

/* ---- a supplier --------------------------------------------------------------- */

/** The connected records of a supplier's page: the materials usually bought from it. */
export function supplierRecords(supplier, ctx) {
	const body = h('div', { class: 'related-records__body' });
	renderList(body, { ...ctx, query: new URLSearchParams({ supplier_id: String(supplier.id) }) }, 'materials', {
		filters: false,
		columns: ['name', 'on_hand', 'unit', 'pack_size', 'pack_price'],
		none: h('p', { class: 'muted' }, `No material is bought from ${supplier.name} yet. A material’s page says who it is usually bought from.`),
	});
	return h('div', { class: 'related-records__all' }, section('materials', 'Materials bought from them', body));
}
