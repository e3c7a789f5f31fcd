/* related.js - the records connected to one, shown on its page.
 *
 * A customer's page lists their orders (status, due date and planned
 * finish, as the Orders list says them) and what they bought (each sale
 * with the batch it came from); a material's page lists the batches it
 * went into, with lots and quantities, and its lots, each tracing to
 * every batch that used it, and what it is bought in; a supplier's page
 * lists the materials usually bought from it. Each comes from the list
 * endpoint with a filter (customer_id, material_id, supplier_id) and
 * links to the records it names. */

import { api } from './api.js';
import { fill, h } from './dom.js';
import { count, dateText, groupDigits } from './format.js';
import { loadPlanned, orderLine } from './orders.js';
import { emptyState, linkButton, loadInto } from './page.js';
import { refList, renderList } from './records.js';
import { href } from './router.js';
import { loadSettings, valueText } from './schema.js';

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

/* Each lot once, in the order first used, with its batches and quantity. */
function lotsOf(uses) {
	const lots = new Map();
	for (const u of uses) {
		if (!u.lot)
			continue;
		const l = lots.get(u.lot) || { lot: u.lot, batches: new Set(), quantity: 0 };
		l.batches.add(u.batch_id);
		l.quantity += u.quantity;
		lots.set(u.lot, l);
	}
	return [...lots.values()];
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
		section('uses', 'Batches it went into', uses),
		section('lots', 'Its lots', lots),
		materialUnits(material, ctx));
	loadInto(uses, ctx, 'its uses',
		() => Promise.all([api.list('batch-materials', { material_id: material.id, limit: SHOWN }), refList('batches')]),
		([data, batches]) => {
			const found = lotsOf(data.items);
			fill(lots, found.length === 0
				? h('p', { class: 'muted' }, 'No supplier lot recorded for it yet.')
				: h('ul', { class: 'linked-list', 'data-list': 'lots' }, found.map((l) => h('li', { class: 'linked-list__item', 'data-lot': l.lot },
					traceLink(l.lot),
					h('span', { class: 'linked-list__facts' },
						`${count(l.batches.size, 'batch', 'batches')}, ${groupDigits(l.quantity)} ${material.unit} used`)))));
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
