/* stock.js - what is on the shelves: finished goods per product and batch
 * with best-before dates, materials to reorder, storage used against
 * capacity, and the list of materials. Retired products with nothing left
 * are left out unless the address asks for them (retired=1), as lists do;
 * one with some left shows, marked retired. */

import { api } from './api.js';
import {fill, h, listNodes} from './dom.js';
import { groupDigits } from './format.js';
import { bestBeforeText } from './batches.js';
import { badge, emptyState, linkButton, loadInto, pageHead } from './page.js';
import { renderList } from './records.js';
import { href } from './router.js';

/* Batches with stock shown per page of the goods table. */
const BATCH_PAGE = 50;

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
			lead: 'Finished goods ready to sell, materials running low, and how full your storage is.',
			flash: ctx.flash,
			actions: [linkButton('Add a material', href('materials/new')), linkButton('Suppliers', href('suppliers'), 'secondary')],
		}),
		summary,
		h('section', { class: 'panel', 'aria-labelledby': 'stock-materials-h' },
			h('h2', { id: 'stock-materials-h' }, 'Materials'),
			materials));

	const stockQuery = {
		limit: BATCH_PAGE,
		offset: ctx.query.get('batch_offset') || null,
		retired: ctx.query.get('retired') === '1' ? 1 : null,
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
				h('section', { class: 'panel', 'aria-labelledby': 'stock-reorder-h' },
					h('h2', { id: 'stock-reorder-h' }, 'Materials to reorder'), reorderList(s.low_materials)),
				h('section', { class: 'panel', 'aria-labelledby': 'stock-storage-h', 'data-storage-panel': '' },
					h('h2', { id: 'stock-storage-h' }, 'Storage'), storagePanel(s.storage))));
	});
	renderList(materials, ctx, 'materials', { path: 'stock', filters: false });
}
