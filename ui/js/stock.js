/* stock.js - what is on the shelves: finished goods per product and batch
 * with best-before dates, lots of materials past their date or near it
 * (soon_days, in the address, how near), materials to reorder, storage
 * used against capacity, and the list of materials. Retired products with nothing left
 * are left out unless the address asks for them (retired=1), as lists do;
 * one with some left shows, marked retired. */

import { api } from './api.js';
import {fill, h, listNodes} from './dom.js';
import { count, dateText, groupDigits } from './format.js';
import { bestBeforeText } from './batches.js';
import { badge, emptyState, linkButton, loadInto, pageHead } from './page.js';
import { renderList } from './records.js';
import { href } from './router.js';

/* Batches with stock shown per page of the goods table. */
const BATCH_PAGE = 50;

/* Days ahead a lot counts as near its date, unless the address says (the API's default). */
const DEFAULT_SOON = 7;

function storagePanel(storage) {
	const { used, capacity, free, over } = storage;
	if (used === null) {
		return [h('p', { class: 'notice notice--error', 'data-storage': 'uncounted' },
			badge('Too much to count', 'overdue', '!'), ' ',
			'The space your finished stock takes up is larger than smallrun can add up. Check the storage space of your products and what your batches made.')];
	}
	if (!capacity) {
		return [
			h('p', { 'data-storage': 'unset' }, `Finished stock takes up ${groupDigits(used)} units of space. `,
				'Your storage capacity is not set, so smallrun cannot tell how full you are.'),
			h('p', {}, h('a', { href: href('settings') }, 'Set your storage capacity in Settings'), '.'),
		];
	}
	const pct = Math.round((used / capacity) * 100);
	const bar = h('div', { class: `bar bar--big${over ? ' bar--over' : ''}`, 'aria-hidden': 'true' },
		h('span', { class: 'bar__fill' }));
	bar.firstChild.style.setProperty('--fill', `${Math.min(100, pct)}%`);
	return [
		over ? h('p', { class: 'notice notice--error', 'data-storage': 'over' },
			badge('Over capacity', 'overdue', '!'), ' ',
			`You have ${groupDigits(used - capacity)} more than your storage holds. Sell, or plan smaller batches.`) : null,
		h('p', { class: 'storage__text', 'data-storage': over ? 'over-text' : 'ok' },
			h('strong', {}, `${groupDigits(used)} of ${groupDigits(capacity)}`), ` used (${pct} %). `,
			over ? 'None free.' : `${groupDigits(free)} free.`),
		bar,
	];
}

/* Previous / next for the page of batches (batch_offset in the address:
 * the materials list below pages with offset). */
function batchPager(query, page) {
	const { total, offset, limit } = page;
	if (total <= limit && offset === 0)
		return null;
	const base = Object.fromEntries(query.entries());
	const links = [];
	if (offset > 0)
		links.push(h('a', { class: 'button button--secondary', href: href('stock', { ...base, batch_offset: Math.max(0, offset - limit) || null }) },
			'← Previous batches'));
	if (offset + limit < total)
		links.push(h('a', { class: 'button button--secondary', href: href('stock', { ...base, batch_offset: offset + limit }) }, 'Next batches →'));
	return h('nav', { class: 'pager', 'aria-label': 'Pages of batches' },
		h('p', { class: 'pager__text' }, `Batches ${groupDigits(offset + 1)}–${groupDigits(Math.min(offset + limit, total))} of ${groupDigits(total)}`),
		h('div', { class: 'button-row' }, links));
}

function goodsTable(products, page, query) {
	const inStock = products.filter((p) => p.available > 0);
	const none = products.filter((p) => p.available <= 0);
	const mine = (p) => page.items.filter((b) => b.product_id === p.product_id);
	const table = inStock.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table--goods', 'data-table': 'goods' },
		h('caption', { class: 'visually-hidden' }, 'Finished goods in stock, by product and batch'),
		h('thead', {}, h('tr', {},
			h('th', { scope: 'col' }, 'Product'),
			h('th', { scope: 'col', class: 'col--int' }, 'Available'),
			h('th', { scope: 'col' }, 'From batches'))),
		h('tbody', {}, inStock.map((p) => h('tr', { 'data-product-id': p.product_id },
			h('th', { scope: 'row', 'data-label': 'Product' }, h('a', { href: href(`products/${p.product_id}`) }, p.name),
				p.retired ? [' ', badge('Retired', 'plain')] : null),
			h('td', { 'data-label': 'Available', class: 'col--int', 'data-available': p.available }, h('strong', {}, groupDigits(p.available))),
			h('td', { 'data-label': 'From batches' }, mine(p).length === 0
				? h('span', { class: 'muted' }, 'On another page of batches')
				: h('ul', { class: 'stock-batches' }, mine(p).map((b) =>
					h('li', { 'data-batch-code': b.code },
						h('a', { href: href(`batches/${b.batch_id}`) }, b.code),
						h('span', { class: 'stock-batches__detail' }, `${groupDigits(b.available)} left, best before `,
							bestBeforeText(b.best_before)))))))))))
		: h('p', { 'data-goods-empty': '' }, 'Nothing in stock. Record what a batch made on its page, and it shows here.');
	// Sales recorded beyond what was on hand, to give their batches.
	const beyond = products.filter((p) => p.beyond_stock > 0);
	return [
		table,
		batchPager(query, page),
		beyond.length
			? h('p', {class : 'notice', 'data-beyond-stock' : ''},
			    badge('Sold beyond stock', 'overdue', '!'), ' ',
			    listNodes(beyond.map(
				    (p) => h('a', {
					    href : href('sales', {
						    product_id : p.product_id,
						    beyond_stock : 1
					    }),
					    'data-product-id' : p.product_id
				    },
					     `${groupDigits(p.beyond_stock)} × ${
						     p.name}`))),
			    '. More was sold than the batches held. Give those sales their batches once they are recorded, so a recall finds the customers.')
			: null,
		none.length
			? h('p', {class : 'muted', 'data-none-in-stock' : ''},
			    `None in stock: ${
				    none.map((p) => (p.retired
							     ? `${p.name} (retired)`
							     : p.name))
					    .join(', ')}.`)
			: null,
		retiredToggle(query),
	];
}

/* Retired products with nothing left: shown only when asked. */
function retiredToggle(query) {
	const base = Object.fromEntries(query.entries());
	const on = query.get('retired') === '1';
	return h('p', { class: 'stock__retired', 'data-retired-toggle': on ? '1' : '0' },
		h('a', { href: href('stock', { ...base, retired: on ? null : 1 }) },
			on ? 'Leave out retired products with none left' : 'Show retired products too'));
}

/* ?soon_days=N when it is a whole number from 0 to 365, else the default. */
function soonDaysOf(query) {
	const v = query.get('soon_days');
	return v !== null && /^\d{1,3}$/.test(v) && Number(v) <= 365 ? Number(v) : DEFAULT_SOON;
}

/* How near counts as near: a choice, kept in the address. */
function soonForm(query, soon, ctx) {
	const choices = [...new Set([0, 3, 7, 14, 30, 60, 90, soon])].sort((a, b) => a - b);
	const select = h('select', { id: 'stock-soon-days', name: 'soon_days', class: 'input input--select' },
		choices.map((n) => h('option', { value: String(n), selected: n === soon },
			n === 0 ? 'Past their date or on their last day' : `Past it or within ${count(n, 'day')}`)));
	const form = h('form', { class: 'soon-form', role: 'search', 'aria-label': 'Which lots to flag' },
		h('div', { class: 'field' },
			h('label', { class: 'field__label', for: select.id }, 'Flag lots'),
			h('div', { class: 'soon-form__row' }, select,
				h('button', { type: 'submit', class: 'button button--secondary' }, 'Show'))));
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		const base = Object.fromEntries(query.entries());
		const n = Number(select.value);
		ctx.go(href('stock', { ...base, soon_days: n === DEFAULT_SOON ? null : n }));
	});
	return form;
}

/* Lots of materials past their date or near it, first to expire first. */
function expiringList(lots, soon) {
	if (lots.length === 0)
		return h('p', { 'data-expiring-empty': '' }, soon === 0
			? 'No lot with stock left is past its date or on its last day.'
			: `No lot with stock left is past its date or within ${count(soon, 'day')} of it.`);
	return h('ul', { class: 'expiring', 'data-expiring': '' }, lots.map((l) => {
		const flag = l.status === 'expired'
			? badge(l.days_left === -1 ? 'Expired yesterday' : `Expired ${groupDigits(-l.days_left)} days ago`, 'overdue', '!')
			: badge(l.days_left === 0 ? 'Last day today' : `${count(l.days_left, 'day')} left`, 'soon', '!');
		return h('li', { class: 'expiring__item', 'data-lot-id': l.id, 'data-status': l.status, 'data-days-left': l.days_left },
			flag, ' ',
			h('a', { href: href(`materials/${l.material_id}`) }, l.material_name), ' ',
			h('a', { href: href(`material-lots/${l.id}`), class: 'code' }, l.lot ? `lot ${l.lot}` : `lot ${l.id} (no code)`), ': ',
			h('strong', {}, `${groupDigits(l.remaining)} ${l.unit} left`),
			`, best before ${dateText(l.expires_on)}.`);
	}));
}

function reorderList(low) {
	if (low.length === 0)
		return h('p', { 'data-reorder-empty': '' }, 'Nothing to reorder: every material is above its reorder level.');
	return h('ul', { class: 'reorder', 'data-reorder': '' }, low.map((m) => h('li', { class: 'reorder__item', 'data-material-id': m.material_id },
		h('a', { href: href(`materials/${m.material_id}`) }, m.name), ': ',
		h('strong', {}, `${groupDigits(m.on_hand)} ${m.unit} left`),
		`, reorder at ${groupDigits(m.reorder_level)} ${m.unit}.`,
		m.on_hand < 0 ? [' ', badge('Below zero: check the count', 'overdue', '!')] : null)));
}

/** #/stock: finished goods, materials to reorder, storage, materials. */
export function mountStock(view, ctx) {
	const summary = h('div', { class: 'stock', 'data-stock': '' });
	const materials = h('div', { class: 'list', 'data-list': 'materials' });
	fill(view,
		pageHead({
			title: 'Stock',
			lead: 'Finished goods ready to sell, materials running low or near their date, and how full your storage is.',
			flash: ctx.flash,
			actions: [
				linkButton('Add a material', href('materials/new')),
				linkButton('To buy', href('to-buy'), 'secondary'),
				linkButton('Purchases', href('purchases'), 'secondary'),
				linkButton('Suppliers', href('suppliers'), 'secondary'),
			],
		}),
		summary,
		h('section', { class: 'panel', 'aria-labelledby': 'stock-materials-h' },
			h('h2', { id: 'stock-materials-h' }, 'Materials'),
			materials));

	const stockQuery = {
		limit: BATCH_PAGE,
		offset: ctx.query.get('batch_offset') || null,
		retired: ctx.query.get('retired') === '1' ? 1 : null,
		soon_days: soonDaysOf(ctx.query) === DEFAULT_SOON ? null : soonDaysOf(ctx.query),
	};
	loadInto(summary, ctx, 'stock', () => api.stock(stockQuery), (s) => {
		const goods = s.products.length === 0
			? [emptyState({
				title: 'No products yet',
				text: 'Finished goods show here once you have products and batches. Add your first product.',
				action: linkButton('Add your first product', href('products/new'), 'secondary'),
			}), retiredToggle(ctx.query)]
			: goodsTable(s.products, s.batches, ctx.query);
		return h('div', { class: 'detail__grid' },
			h('div', { class: 'detail__col' },
				h('section', { class: 'panel', 'aria-labelledby': 'stock-goods-h', 'data-goods': '' },
					h('h2', { id: 'stock-goods-h' }, 'Finished goods'), goods)),
			h('div', { class: 'detail__col' },
				h('section', { class: 'panel', 'aria-labelledby': 'stock-expiring-h', 'data-expiring-panel': '' },
					h('h2', { id: 'stock-expiring-h' }, 'Lots near their date'),
					soonForm(ctx.query, s.soon_days, ctx),
					expiringList(s.expiring_lots, s.soon_days)),
				h('section', { class: 'panel', 'aria-labelledby': 'stock-reorder-h' },
					h('h2', { id: 'stock-reorder-h' }, 'Materials to reorder'), reorderList(s.low_materials)),
				h('section', { class: 'panel', 'aria-labelledby': 'stock-storage-h', 'data-storage-panel': '' },
					h('h2', { id: 'stock-storage-h' }, 'Storage'), storagePanel(s.storage))));
	});
	renderList(materials, ctx, 'materials', { path: 'stock', filters: false });
}
