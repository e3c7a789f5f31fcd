/* records.js - list, add, change and delete any resource the schema
 * describes.
 *
 * A list page shows the schema's summary columns (references by name,
 * money in the workshop's currency), its filters and pages of 25. A form
 * page is built by forms.js from the same description. The specialised
 * pages (orders, batches, stock …) use these pieces too. */

import { api, ApiError } from './api.js';
import { fill, h, listNodes } from './dom.js';
import { buildForm } from './forms.js';
import { count, dateText, groupDigits, instantText, minutesText, money, parseMoney } from './format.js';
import { badge, emptyState, filterBox, linkButton, loadError, loading, pageHead } from './page.js';
import { href } from './router.js';
import {
	currency, loadSchema, loadSettings, messageNodes, messageText, recordName, RECORD_PAGES, resourceSchema, valueText, words,
} from './schema.js';
import { may } from './session.js';

export const PAGE_SIZE = 25;

/* How each generic resource reads on its pages. */
export const RESOURCES = {
	products: {
		title: 'Products',
		one: 'product',
		lead: 'What you make and sell, with prices and times. Orders, batches and sales start from here.',
		add: 'Add a product',
		retire: (name) => `Retired product “${name}”. Its orders, batches and sales keep it; it no longer shows in lists or choices.`,
		bulk: true, // choose many on the list and set price and mode at once
		related: (r) => [
			r.mode === 'job' ? null : [`Plan a batch of ${r.name}`, href('batches/new', { product_id: r.id })],
			['Its numbers', href(`numbers/${r.id}`)],
			['Its batches', href('batches', { product_id: r.id })],
			['Its orders', href('orders', { show: 'all', product_id: r.id })],
			['Its sales', href('sales', { product_id: r.id })],
		].filter(Boolean),
		/* What only matters when it is made in batches: the largest run,
		 * the best-before each batch gets, and room for stock kept between
		 * runs. Hidden, and kept as typed, while it is made to order. (Set-up
		 * stays: a piece made to order is set up too, and is costed so.) */
		hideWhen: {
			field: 'mode',
			values: ['job'],
			fields: ['max_batch', 'shelf_life_days', 'storage_per_unit'],
			note: 'Largest batch, shelf life and storage space only matter for batches, so they are hidden while it is made to order. What is in them is kept.',
		},
		empty: {
			title: 'No products yet',
			text: 'Add your first product: what it is called, what it sells for and how long one takes to make. If it goes off, give it a shelf life so each batch gets a best-before date.',
			action: 'Add your first product',
		},
	},
	customers: {
		title: 'Customers',
		one: 'customer',
		lead: 'The people you make for, with the contact details a recall would need.',
		add: 'Add a customer',
		related: (r) => [
			[`Take an order for ${r.name}`, href('orders/new', { customer_id: r.id })],
			['Their orders', href('orders', { show: 'all', customer_id: r.id })],
			['What they bought', href('sales', { customer_id: r.id })],
		],
		empty: {
			title: 'No customers yet',
			text: 'Add a customer before you take their first order. An email or phone number lets you reach them if a batch has to be recalled.',
			action: 'Add your first customer',
		},
	},
	materials: {
		title: 'Materials',
		one: 'material',
		nav: 'stock',
		list: 'stock',
		lead: 'What you make things from, how much is in stock, and when to reorder.',
		add: 'Add a material',
		related: (r) => [
			['Its lots', href('material-lots', { material_id: r.id })],
			['Record a purchase of it', href('purchases/new', { supplier_id: r.supplier_id })],
			['What to buy', href('to-buy')],
		],
		empty: {
			title: 'No materials yet',
			text: 'Add the materials you buy (flour, leather, clay, timber) so batches can record what they used and from which supplier’s lot.',
			action: 'Add your first material',
		},
	},
	suppliers: {
		title: 'Suppliers',
		one: 'supplier',
		nav: 'stock',
		lead: 'Who you buy your materials from, how to reach them, and how many days an order takes to arrive.',
		add: 'Add a supplier',
		empty: {
			title: 'No suppliers yet',
			text: 'Add the mills, tanneries and shops you buy from, with how long a delivery takes, so you know when to reorder.',
			action: 'Add your first supplier',
		},
	},
	sales: {
		title: 'Sales',
		one: 'sale',
		lead: 'What you sold, to whom, and from which batch.',
		add: 'Record a sale',
		columns: ['sold_on', 'product_id', 'batch_id', 'quantity', 'price', 'total', 'customer_id', 'beyond_stock'],
		createFields: ['batch_id', 'product_id', 'customer_id', 'quantity', 'price', 'sold_on', 'order_id'],
		/* More than is on hand (409 not_enough_stock): what is, and a way
		 * to record the sale all the same, marked beyond stock. */
		errorActions: (err, { retry }) => {
			if (err.status !== 409 || err.code !== 'not_enough_stock' || !err.details)
				return null;
			const d = err.details;
			const button = h('button', { type: 'button', class: 'button button--secondary', 'data-record-anyway': '' },
				'Record it anyway');
			button.addEventListener('click', async () => {
				button.setAttribute('aria-disabled', 'true');
				try {
					await retry({ beyond_stock: 1 });
				} catch (e) {
					button.removeAttribute('aria-disabled');
					button.replaceWith(h('p', {}, e instanceof ApiError ? messageText('sales', e.message) : 'It could not be recorded.'));
				}
			});
			const rest = d.quantity - d.on_hand;
			return [
				h('p', { 'data-on-hand': String(d.on_hand) }, d.on_hand
					? `Recorded anyway, the ${groupDigits(d.on_hand)} on hand come off their batches and the other ${groupDigits(rest)} are marked as sold beyond stock, with no batch.`
					: `Recorded anyway, all ${groupDigits(rest)} are marked as sold beyond stock, with no batch.`),
				h('div', { class: 'button-row' }, button),
			];
		},
		check: (v) => (v.product_id === null && v.batch_id === null
			? { batch_id: 'Choose the batch it came from, or at least the product.' } : {}),
		empty: {
			title: 'No sales recorded yet',
			text: 'Record a sale when something leaves the workshop. Choose the batch it came from and the customer, and a recall can find them later. You can also sell straight from a batch’s page.',
			action: 'Record your first sale',
		},
	},
	batches: {
		title: 'Batches',
		one: 'batch',
		many: 'batches',
		columns: ['code', 'product_id', 'run_date', 'best_before', 'made_qty', 'available_qty', 'status'],
	},
	orders: { title: 'Orders', one: 'order' },
	'time-entries': {
		title: 'Time worked',
		one: 'time entry',
		many: 'time entries',
		nav: 'timer',
		lead: 'Every stretch of work on an order or a batch, timed or added by hand. Orders, batches and the Numbers pages add these up.',
		add: 'Add time by hand',
		columns: ['started_at', 'worker', 'order_id', 'batch_id', 'minutes'],
		createFields: ['order_id', 'batch_id', 'worker', 'started_at', 'minutes', 'note'],
		editFields: ['order_id', 'batch_id', 'worker', 'started_at', 'minutes', 'note'],
		check: (v) => {
			const out = {};
			const has = (x) => x !== null && x !== undefined;
			if (!has(v.order_id) && !has(v.batch_id))
				out.order_id = 'Choose the order or the batch the time was spent on.';
			else if (has(v.order_id) && has(v.batch_id))
				out.batch_id = 'Choose an order or a batch, not both.';
			// Left empty, the entry would be a timer still running.
			if (!has(v.minutes))
				out.minutes = 'Enter how long you worked, like 45 or 1:30.';
			return out;
		},
		/* The start and the time spent say when it ended: a moved start
		 * keeps its length, a new length keeps its start. */
		body: (out, record) => {
			if (!record || !record.ended_at || !('started_at' in out || 'minutes' in out))
				return out;
			const start = Date.parse(out.started_at || record.started_at);
			const minutes = 'minutes' in out ? out.minutes : record.minutes;
			if (Number.isNaN(start) || !Number.isInteger(minutes))
				return out;
			return { ...out, ended_at: `${new Date(start + minutes * 60000).toISOString().slice(0, 19)}Z`, minutes };
		},
		empty: {
			title: 'No time recorded yet',
			text: 'Time an order or a batch on the Timer page, or add time you worked without the timer by hand.',
			action: 'Add time by hand',
		},
	},
	'material-units': {
		title: 'Purchase units',
		one: 'purchase unit',
		nav: 'stock',
		lead: 'What your materials are bought in beyond grams, millilitres, millimetres and pieces: a 16 kg sack, a pack of 100, a 25 m roll.',
		add: 'Add a purchase unit',
		related: (r) => [['Its material', href(`materials/${r.material_id}`)]],
		empty: {
			title: 'No purchase units yet',
			text: 'Add what a material comes in, with how much of its own unit one holds, like a sack of flour that holds 16000 g.',
			action: 'Add a purchase unit',
		},
	},
	purchases: {
		title: 'Purchases',
		one: 'purchase',
		nav: 'stock',
		lead: 'What you ordered from your suppliers, and what of it has come. Receiving goods adds them to stock lot by lot and sets the materials’ cost.',
		add: 'New purchase',
		columns: ['id', 'supplier_name', 'ordered_on', 'expected_on', 'status', 'total'],
		rowName: (r) => `Purchase ${r.id}`,
		empty: {
			title: 'No purchases yet',
			text: 'Record what you order from a supplier: each material, how much and the price. When it comes, receive it here and the stock, the lots and the cost follow by themselves.',
			action: 'Record your first purchase',
		},
	},
	'material-lots': {
		title: 'Lots',
		one: 'lot',
		nav: 'stock',
		list: 'stock',
		lead: 'Stock of a material that came together, with its lot code, its date and what is left of it.',
		add: 'Add a lot by hand',
		columns: ['lot', 'material_name', 'received_on', 'expires_on', 'remaining', 'unit'],
		createFields: ['material_id', 'lot', 'quantity', 'cost', 'received_on', 'expires_on', 'note'],
		editFields: ['lot', 'expires_on', 'note'],
		// A list of every purchase line is no way to choose one.
		hideFilters: ['purchase_line_id'],
		related: (r) => [['Its material', href(`materials/${r.material_id}`)]]
			.concat(r.lot ? [['Trace every batch that used it', href('trace', { lot: r.lot })]] : []),
		empty: {
			title: 'No lots yet',
			text: 'Lots are made when a purchase is received. Add one by hand for stock you already had, with its lot code and date.',
			action: 'Add a lot by hand',
		},
	},
	'days-off': {
		title: 'Days off',
		one: 'day off',
		many: 'days off',
		nav: 'settings',
		lead: 'Days the workshop is closed: holidays, markets, a day at the fair. The plan leaves them empty and moves work to the days around them.',
		add: 'Add a day off',
		related: () => [['See the plan', href('plan')]],
		empty: {
			title: 'No days off yet',
			text: 'Add the days you will not be working, so the plan and the delivery dates you promise leave them out.',
			action: 'Add your first day off',
		},
	},
};

function many(resource) {
	const r = RESOURCES[resource];
	return r.many || `${r.one}s`;
}

/* ---- reference lists --------------------------------------------------- */

/*
 * The confirmation after a record is added: 'Added customer “Ada”.'; a
 * sale, which has no name of its own, in words: "Recorded a sale of 3 ×
 * Rye loaf (£13.50) on Wed 2 Dec."
 */
function createdText(resource, conf, saved, maps) {
	if (resource !== 'sales')
		return `Added ${conf.one} “${recordName(resource, saved)}”.`;
	const product = maps.product_id && maps.product_id.get(saved.product_id);
	const what = product ? ` × ${product.name}` : '';
	const parts = saved.allocated || [];
	if (parts.length) {
		// Taken from stock: how many from which batch, in words.
		const n = parts.reduce((sum, p) => sum + p.quantity, 0);
		const from =
			parts.map((p) => (p.beyond_stock
						  ? `${groupDigits(p.quantity)} beyond stock`
						  : `${groupDigits(p.quantity)} from ${
							    p.code}`))
				.join(', ');
		return `Recorded a sale of ${groupDigits(n)}${what} on ${
			dateText(saved.sold_on)}: ${from}.`;
	}
	return `Recorded a sale of ${groupDigits(saved.quantity)}${what} (${money(saved.total, currency())}) on ${dateText(saved.sold_on)}.`;
}

/**
 * Every record of a resource as {value, label} for a select (up to 1000,
 * the API's largest page), and a map from id to record.
 */
export async function refList(resource) {
	// Retired products too, so what refers to one still shows its name;
	// they are left out of options and items, the choices for new records.
	const data = await api.list(resource, { limit: 1000, retired: resource === 'products' ? 1 : null });
	const current = data.items.filter((r) => !r.retired);
	return {
		options: current.map((r) => ({ value: r.id, label: recordName(resource, r) })),
		byId: new Map(data.items.map((r) => [r.id, r])),
		items: current,
	};
}

/** Options plus the retired record value names, when it is one: a record keeps its own choice. */
export function keepChoice(list, resource, value) {
	const rec = value === null || value === undefined ? null : list.byId.get(Number(value));
	if (!rec || !rec.retired)
		return list.options;
	return [...list.options, { value: rec.id, label: `${recordName(resource, rec)} (retired)` }];
}

/**
 * The options of every ref field among fields: {field: [{value, label}]};
 * values (a stored record) keeps a retired product it already names.
 */
export async function refOptions(fields, values = null) {
	const refs = fields.filter((f) => f.type === 'ref' && !f.read_only);
	const lists = await Promise.all(refs.map((f) => refList(f.ref)));
	const out = {};
	const maps = {};
	refs.forEach((f, i) => {
		out[f.name] = keepChoice(lists[i], f.ref, values ? values[f.name] : null);
		maps[f.name] = lists[i].byId;
	});
	return { options: out, maps };
}

/* ---- showing values ---------------------------------------------------- */

/** A field's value as text (or a node) for a table cell. */
export function cellValue(resource, field, value, refs) {
	if (value === null || value === undefined || value === '')
		return h('span', { class: 'muted' }, '—');
	const w = words(resource, field.name);
	if (w.kind === 'duration')
		return minutesText(value);
	// A mark (a sale beyond stock) shows only where it is set.
	if (w.kind === 'yesno' && w.mark)
		return value ? badge(w.mark, 'overdue', '!')
			     : h('span', {class : 'muted'}, '—');
	if (w.kind === 'yesno')
		return value ? 'Yes' : 'No';
	switch (field.type) {
	case 'money':
		return money(value, currency());
	case 'int':
		return groupDigits(value);
	case 'date':
		return dateText(value);
	case 'time':
		return instantText(value);
	case 'enum':
		if (field.name === 'status')
			return badge(valueText(resource, field.name, value), `status-${value}`);
		return valueText(resource, field.name, value);
	case 'ref': {
		const rec = refs && refs[field.name] ? refs[field.name].get(value) : null;
		const name = rec ? recordName(field.ref, rec) : `#${value}`;
		return h('a', { href: href(`${field.ref}/${value}`) }, name);
	}
	default:
		return String(value);
	}
}

/* ---- list -------------------------------------------------------------- */

const FILTER_WORDS = {
	from: 'From',
	to: 'To',
	due_after: 'Due on or after',
	due_before: 'Due on or before',
	expires_before: 'On or before',
};

/* The filter controls a schema lists, filled from the query. */
function filterForm(resource, schema, query, refs, onApply) {
	const hidden = RESOURCES[resource]?.hideFilters || [];
	const fields = schema.filters.map((flt) => ({ flt, field: schema.fields.find((f) => f.name === flt.field) }))
		.filter((x) => x.field && !hidden.includes(x.flt.name));
	if (fields.length === 0)
		return null;
	const controls = fields.map(({ flt, field }, i) => {
		const id = `filter-${resource}-${i}`;
		const label = FILTER_WORDS[flt.name] ? `${FILTER_WORDS[flt.name]} (${words(resource, field.name).label.toLowerCase()})`
			: words(resource, field.name).label;
		const value = query.get(flt.name) || '';
		let input;
		if (words(resource, field.name).kind === 'yesno') {
			// "Show retired": ticked lists them too (the API's retired=1).
			input = h('input', { id, name: flt.name, type: 'checkbox', class: 'checkbox', value: '1', checked: value === '1' });
			return h('div', { class: 'field field--check' }, input,
				h('label', { class: 'field__label', for: id }, words(resource, field.name).filterLabel
					|| `Show ${words(resource, field.name).label.toLowerCase()} ${many(resource)}`));
		}
		if (field.type === 'enum' || field.type === 'ref') {
			const opts = field.type === 'enum'
				? field.values.map((v) => ({ value: v, label: valueText(resource, field.name, v) }))
				: [...(refs[field.name] || new Map()).values()].map((r) => ({ value: r.id, label: recordName(field.ref, r) }));
			input = h('select', { id, name: flt.name, class: 'input input--select' },
				h('option', { value: '' }, 'Any'),
				opts.map((o) => h('option', { value: String(o.value), selected: String(o.value) === value }, o.label)));
		} else if (field.type === 'date' || field.type === 'time') {
			input = h('input', { id, name: flt.name, type: 'date', class: 'input input--date', value });
		} else {
			input = h('input', { id, name: flt.name, type: 'text', class: 'input', value, autocomplete: 'off' });
		}
		return h('div', { class: 'field' }, h('label', { class: 'field__label', for: id }, label), input);
	});
	const apply = h('button', { type: 'submit', class: 'button button--secondary' }, 'Show');
	const form = h('form', { class: 'filters', role: 'search', 'aria-label': `Filter ${many(resource)}` },
		h('div', { class: 'filters__fields' }, controls),
		h('div', { class: 'button-row filters__apply' }, apply));
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		const out = {};
		for (const { flt } of fields) {
			const el = form.elements[flt.name];
			const v = el.type === 'checkbox' ? (el.checked ? el.value : '') : el.value.trim();
			if (v !== '')
				out[flt.name] = v;
		}
		onApply(out);
	});
	const on = fields.filter(({ flt }) => query.get(flt.name)).length;
	return filterBox(form, on ? `${on} on` : `all ${many(resource)}`, on > 0);
}

/* Previous / next links for a page of a list. */
function pager(path, query, data) {
	const { total, offset, limit } = data;
	if (total <= limit && offset === 0)
		return null;
	const base = Object.fromEntries(query.entries());
	const links = [];
	if (offset > 0)
		links.push(h('a', { class: 'button button--secondary', href: href(path, { ...base, offset: Math.max(0, offset - limit) || null }) },
			'← Previous'));
	if (offset + limit < total)
		links.push(h('a', { class: 'button button--secondary', href: href(path, { ...base, offset: offset + limit }) }, 'Next →'));
	return h('nav', { class: 'pager', 'aria-label': 'Pages' },
		h('p', { class: 'pager__text' }, `${groupDigits(offset + 1)}–${groupDigits(Math.min(offset + limit, total))} of ${groupDigits(total)}`),
		h('div', { class: 'button-row' }, links));
}

/**
 * A table of records. columns: field names; refs: {field: Map(id -> rec)}.
 * The first column links to the record's page.
 */
export function recordTable(resource, schema, items, columns, refs, caption, select = false) {
	const fields = columns.map((n) => schema.fields.find((f) => f.name === n)).filter(Boolean);
	const head = h('thead', {}, h('tr', {},
		select ? h('th', { scope: 'col', class: 'col--select' }, h('span', { class: 'visually-hidden' }, 'Choose')) : null,
		fields.map((f) => h('th', { scope: 'col', class: `col--${f.type}` }, words(resource, f.name).label))));
	const rows = items.map((rec) => h('tr', { 'data-id': rec.id },
		select ? h('td', { class: 'col--select' },
			h('label', { class: 'select-box' },
				h('input', { type: 'checkbox', class: 'checkbox', 'data-select': String(rec.id) }),
				h('span', { class: 'visually-hidden' }, `Choose ${recordName(resource, rec)}`))) : null,
		fields.map((f, i) => {
			const label = words(resource, f.name).label;
			if (i === 0) {
				const v = cellValue(resource, f, rec[f.name], refs);
				// A record named by more than its first column ("Purchase 3").
				const text = RESOURCES[resource]?.rowName ? RESOURCES[resource].rowName(rec)
					: typeof v === 'string' ? v : v.textContent;
				return h('th', { scope: 'row', class: `col--${f.type}`, 'data-label': label },
					h('a', { href: href(`${resource}/${rec.id}`) },
						text === '—' ? `${RESOURCES[resource]?.one || resource} ${rec.id}` : text));
			}
			return h('td', { class: `col--${f.type}`, 'data-label': label }, cellValue(resource, f, rec[f.name], refs));
		})));
	return h('div', { class: 'table-wrap' },
		h('table', { class: 'table table--list', 'data-table': resource },
			caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
			head, h('tbody', {}, rows)));
}

/* The references a set of columns shows, loaded as maps. */
async function columnRefs(schema, columns, resource) {
	const refFields = columns.map((n) => schema.fields.find((f) => f.name === n))
		.filter((f) => f && f.type === 'ref');
	const hidden = RESOURCES[resource]?.hideFilters || [];
	const filterRefs = schema.filters.filter((flt) => !hidden.includes(flt.name))
		.map((flt) => schema.fields.find((f) => f.name === flt.field))
		.filter((f) => f && f.type === 'ref' && !refFields.includes(f));
	const all = [...refFields, ...filterRefs];
	const lists = await Promise.all(all.map((f) => refList(f.ref)));
	const out = {};
	all.forEach((f, i) => { out[f.name] = lists[i].byId; });
	return out;
}

/**
 * Fill container with a filtered, paged table of a resource, driven by
 * ctx.query (filters, offset). Used by list pages and the stock page.
 */
export async function renderList(container, ctx, resource, { path = resource, columns = null, filters = true, emptyAction = null, none = null } = {}) {
	fill(container, loading(many(resource)));
	container.setAttribute('aria-busy', 'true');
	let schema, data, refs;
	const query = ctx.query;
	try {
		schema = await resourceSchema(resource);
		const cols = columns || RESOURCES[resource]?.columns || schema.columns.filter((c) => c !== 'id');
		const params = { limit: PAGE_SIZE, offset: query.get('offset') || null };
		for (const flt of schema.filters)
			if (query.get(flt.name))
				params[flt.name] = query.get(flt.name);
		[data, refs] = await Promise.all([api.list(resource, params), columnRefs(schema, cols, resource), loadSettings()]);
		columns = cols;
	} catch (err) {
		if (!ctx.live())
			return;
		container.setAttribute('aria-busy', 'false');
		fill(container, loadError(err, () => renderList(container, ctx, resource, { path, columns, filters, emptyAction, none })));
		return;
	}
	if (!ctx.live())
		return;
	container.setAttribute('aria-busy', 'false');

	const filtered = schema.filters.some((flt) => query.get(flt.name));
	const conf = RESOURCES[resource] || {};
	let body;
	if (data.total === 0 && none) {
		body = none;
	} else if (data.total === 0 && !filtered) {
		const e = conf.empty || { title: `No ${many(resource)} yet`, text: '', action: `Add a ${conf.one}` };
		body = emptyState({
			title: e.title,
			text: e.text,
			action: emptyAction || linkButton(e.action, href(`${resource}/new`)),
		});
	} else if (data.total === 0) {
		body = emptyState({
			title: `No ${many(resource)} match`,
			text: 'Nothing matches these filters.',
			action: h('a', { href: href(path) }, `Show all ${many(resource)}`),
		});
	} else {
		const table = recordTable(resource, schema, data.items, columns, refs,
			`${conf.title || resource}: ${groupDigits(data.offset + 1)} to ${groupDigits(data.offset + data.items.length)} of ${groupDigits(data.total)}`,
			Boolean(conf.bulk) && may('write'));
		body = [
			h('p', { class: 'list-count' }, `${count(data.total, conf.one, many(resource))}${filtered && !none ? ' match' : ''}.`),
			conf.bulk && may('write') ? bulkPanel(resource, schema, table, ctx) : null,
			table,
			pager(path, query, data),
		];
	}
	const form = filters && (data.total > 0 || filtered)
		? filterForm(resource, schema, query, refs, (out) => ctx.go(href(path, out))) : null;
	fill(container, form, body);
}

/*
 * "Change the chosen products": a new price and/or way of making for every
 * row ticked in table, sent as one change (PATCH /api/v1/{res}), so it
 * happens to all of them or, if one cannot take it, to none.
 */
function bulkPanel(resource, schema, table, ctx) {
	const conf = RESOURCES[resource];
	const modeField = schema.fields.find((f) => f.name === 'mode');
	const boxes = () => [...table.querySelectorAll('[data-select]')];
	const chosen = () => boxes().filter((b) => b.checked).map((b) => Number(b.dataset.select));
	const all = h('input', { type: 'checkbox', class: 'checkbox', id: `bulk-${resource}-all`, 'data-select-all': '' });
	const status = h('p', { class: 'bulk__count', role: 'status', 'data-bulk-count': '' }, `No ${many(resource)} chosen.`);
	const price = h('input', {
		id: `bulk-${resource}-price`, name: 'price', type: 'text', inputmode: 'decimal', class: 'input input--number',
		autocomplete: 'off', 'aria-describedby': `bulk-${resource}-price-hint`,
	});
	const mode = h('select', { id: `bulk-${resource}-mode`, name: 'mode', class: 'input input--select' },
		h('option', { value: '' }, 'Keep as it is'),
		modeField.values.map((v) => h('option', { value: v }, valueText(resource, 'mode', v))));
	const error = h('div', { class: 'form-error', role: 'alert', 'data-bulk-error': '' });
	const apply = h('button', { type: 'submit', class: 'button button--primary', 'data-bulk-apply': '' }, `Change the chosen ${many(resource)}`);
	// Only the owner sets prices (the schema's owner_only): the rest keep the mode.
	const prices = may('owner') || !schema.fields.some((f) => f.name === 'price' && f.owner_only);
	const form = h('form', { class: 'bulk', 'aria-labelledby': `bulk-${resource}-h`, 'data-bulk': '' },
		h('h2', { id: `bulk-${resource}-h`, class: 'bulk__title' }, prices ? `Change many ${many(resource)} at once`
			: `Change how many ${many(resource)} are made, at once`),
		h('div', { class: 'field field--check' }, all,
			h('label', { class: 'field__label', for: all.id }, `Choose every ${conf.one} on this page`)),
		status,
		h('div', { class: 'bulk__fields' },
			prices ? h('div', { class: 'field' },
				h('label', { class: 'field__label', for: price.id }, `${words(resource, 'price').label}`,
					h('span', { class: 'visually-hidden' }, ` in ${currency()}`)),
				h('p', { class: 'field__hint', id: `bulk-${resource}-price-hint` }, 'Leave empty to keep each one’s price.'),
				price) : null,
			h('div', { class: 'field' },
				h('label', { class: 'field__label', for: mode.id }, words(resource, 'mode').label), mode)),
		error,
		h('div', { class: 'button-row' }, apply));
	const update = () => {
		const n = chosen().length;
		status.textContent = n ? `${count(n, conf.one, many(resource))} chosen.` : `No ${many(resource)} chosen.`;
		all.checked = n > 0 && n === boxes().length;
	};
	table.addEventListener('change', (event) => {
		if (event.target.matches('[data-select]'))
			update();
	});
	all.addEventListener('change', () => {
		for (const b of boxes())
			b.checked = all.checked;
		update();
	});
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		fill(error);
		const ids = chosen();
		const set = {};
		const what = [];
		if (price.value.trim() !== '') {
			const p = parseMoney(price.value.trim(), currency());
			if (p.error) {
				fill(error, h('p', {}, p.error));
				price.focus();
				return;
			}
			set.price = p.value;
			what.push(`price ${money(p.value, currency())}`);
		}
		if (mode.value) {
			set.mode = mode.value;
			what.push(valueText(resource, 'mode', mode.value).toLowerCase());
		}
		if (ids.length === 0) {
			fill(error, h('p', {}, `Tick the ${many(resource)} to change first.`));
			return;
		}
		if (what.length === 0) {
			fill(error, h('p', {}, prices ? 'Enter a price or choose how you make them.' : 'Choose how you make them.'));
			(prices ? price : mode).focus();
			return;
		}
		apply.setAttribute('aria-disabled', 'true');
		try {
			const res = await api.updateMany(resource, ids, set);
			ctx.go(location.hash, { flash: `Changed ${count(res.total, conf.one, many(resource))}: ${what.join(', ')}.` });
		} catch (err) {
			const text = err instanceof ApiError ? messageText(resource, err.message) : 'They could not be changed.';
			fill(error, h('p', {}, h('strong', {}, 'Nothing changed. '), text));
		} finally {
			apply.removeAttribute('aria-disabled');
		}
	});
	return form;
}

/**
 * The three pages of a generic resource, for the page table: its list, a
 * form to add one and a form for one, titled and placed in the menu from
 * RESOURCES (nav defaults to the resource's own menu item). more(record,
 * ctx), when given, adds the records connected to one (its orders, its
 * uses) below its form.
 */
export function recordPages(resource, { more = null } = {}) {
	const conf = RESOURCES[resource];
	const nav = conf.nav || resource;
	const one = conf.one.charAt(0).toUpperCase() + conf.one.slice(1);
	return [
		{ path: resource, nav, title: conf.title, mount: listPage(resource) },
		{ path: `${resource}/new`, nav, title: conf.add, mount: formPage(resource), needs: 'write' },
		{ path: `${resource}/:id`, nav, title: one, mount: formPage(resource, { more }) },
	];
}

/** A list page: its heading (title, lead, action links) above every record of resource, with filters. */
export function listView(view, ctx, resource, { title, lead, actions }) {
	const results = h('div', { class: 'list', 'data-list': resource });
	fill(view, pageHead({ title, lead, flash: ctx.flash, actions }), results);
	renderList(results, ctx, resource);
}

/** The list page of a generic resource (#/products …). */
export function listPage(resource) {
	return (view, ctx) => {
		const conf = RESOURCES[resource];
		listView(view, ctx, resource, {
			title: conf.title,
			lead: conf.lead,
			actions: [linkButton(conf.add, href(`${resource}/new`))],
		});
	};
}

/* ---- delete -------------------------------------------------------------- */

/* "batch" -> "batches", "time entry" -> "time entries": the server's rule. */
function plural(one) {
	if (/y$/.test(one))
		return `${one.slice(0, -1)}ies`;
	return /(h|s|x)$/.test(one) ? `${one}es` : `${one}s`;
}

/**
 * The records a 409 in_use names (error.details.used_by), as words with a
 * link to each one that has a page: "order 12, order 14 and 2 time
 * entries". The server's message is the fallback when there are none.
 */
export async function usedByText(what, err, resource) {
	const used = err.details && Array.isArray(err.details.used_by) ? err.details.used_by : [];
	if (err.code !== 'in_use' || used.length === 0)
		return messageNodes(resource, err.message, err.details);
	let schema = {};
	try {
		schema = await loadSchema();
	} catch {
		// Without the schema the resource's own name stands in.
	}
	const parts = [];
	for (const u of used) {
		const one = (schema[u.resource] && schema[u.resource].singular) || u.resource;
		const ids = Array.isArray(u.ids) ? u.ids : [];
		if (!RECORD_PAGES.has(u.resource) || ids.length === 0) {
			parts.push(count(u.count, one, plural(one)));
			continue;
		}
		for (const id of ids)
			parts.push(h('a', { href: href(`${u.resource}/${id}`), 'data-used-by': u.resource }, `${one} ${id}`));
		if (u.count > ids.length)
			parts.push(`${groupDigits(u.count - ids.length)} more ${u.count - ids.length === 1 ? one : plural(one)}`);
	}
	return [`This ${what} is still used by `, ...listNodes(parts), '. Change or delete those first.'];
}

/**
 * A Delete button that asks first. onDelete() is async and throws an
 * ApiError when the server refuses (409 in_use: still used elsewhere; 403
 * not_yours: a maker's delete of what someone else made). verb ("Revoke",
 * with refusal "Not revoked. ", and ask and yesText for the question and
 * its Yes when "Revoke this …?" will not do) words it for what is not a
 * record; needs
 * (session.js) hides it from a role that may not ("delete": a viewer),
 * null for what everyone may do to their own.
 */
let confirmCount = 0;

export function deleteControl({
	what, resource, onDelete, small = false, label = null, instead = null,
	verb = 'Delete', refusal = 'Not deleted. ', needs = 'delete', ask = null, yesText = null,
}) {
	const qid = `confirm-${resource}-${++confirmCount}`;
	const button = h('button', { type: 'button', class: `button button--danger-quiet${small ? ' button--small' : ''}`, 'data-delete': '', 'aria-label': label },
		small ? verb : `${verb} this ${what}`);
	const yes = h('button', { type: 'button', class: 'button button--danger', 'data-confirm-delete': '' },
		yesText || `Yes, ${verb.toLowerCase()} it`);
	const no = h('button', { type: 'button', class: 'button button--secondary' }, 'No, keep it');
	const message = h('div', { class: 'form-error', role: 'alert' });
	const question = h('p', { class: 'confirm__question', id: qid },
		ask || `${verb} this ${what}? This cannot be undone.`);
	const panel = h('div', { class: 'confirm', hidden: true, role: 'group', 'aria-labelledby': qid },
		question, h('div', { class: 'button-row' }, yes, no), message);
	button.addEventListener('click', () => {
		panel.hidden = false;
		button.hidden = true;
		no.focus();
	});
	no.addEventListener('click', () => {
		panel.hidden = true;
		button.hidden = false;
		fill(message);
		button.focus();
	});
	yes.addEventListener('click', async () => {
		fill(message);
		yes.setAttribute('aria-disabled', 'true');
		try {
			await onDelete();
		} catch (err) {
			const text = err instanceof ApiError ? await usedByText(what, err, resource) : [`It could not be ${verb === 'Delete' ? 'deleted' : 'done'}.`];
			// Still in use: offer what keeps its history (retire a product).
			const other = instead && err instanceof ApiError && err.status === 409
				? h('button', { type: 'button', class: 'button button--primary', 'data-instead': '' }, instead.label) : null;
			if (other)
				other.addEventListener('click', () => instead.run().catch((e) =>
					fill(message, h('p', {}, h('strong', {}, 'Not changed. '), e.message))));
			fill(message, h('p', {}, h('strong', {}, refusal), ...text), other ? h('div', { class: 'button-row' }, other) : null);
			(other || no).focus();
		} finally {
			yes.removeAttribute('aria-disabled');
		}
	});
	return h('div', { class: 'delete-control', 'data-needs': needs }, button, panel);
}

/* ---- forms --------------------------------------------------------------- */

/** The fields a create form shows for a resource (editable ones). */
export function createFields(schema, names = null) {
	const list = names ? names.map((n) => schema.fields.find((f) => f.name === n)).filter(Boolean)
		: schema.fields;
	return list.filter((f) => !f.read_only);
}

/** Values to start a new record with, from the page's query (?customer_id=3). */
export function prefill(schema, query) {
	const out = {};
	for (const f of schema.fields) {
		const v = query.get(f.name);
		if (v === null || f.read_only)
			continue;
		if (f.type === 'ref' || f.type === 'int' || f.type === 'money')
			out[f.name] = /^-?\d+$/.test(v) ? Number(v) : undefined;
		else
			out[f.name] = v;
	}
	return out;
}

/**
 * Where to go after creating something: ?return=orders/new&as=customer_id
 * takes the new id back to the form that sent the person here.
 */
export function returnHash(query, id) {
	const back = query.get('return');
	if (!back || !/^[a-z-]+(\/(new|\d+))?$/.test(back))
		return null;
	const as = query.get('as');
	return href(back, as && /^[a-z_]+$/.test(as) ? { [as]: id } : null);
}

/*
 * Hide the fields a rule names while its field has one of its values
 * (a product made to order has no batch settings), and show them again
 * when it changes. Only hidden: what they hold is kept and saved.
 */
function hideWhen(form, rule) {
	const input = form.input(rule.field);
	const row = form.rows.get(rule.field);
	if (!input || !row)
		return;
	const note = h('p', { class: 'field__hint', 'data-hidden-note': '', hidden: true }, rule.note);
	row.node.append(note);
	const apply = () => {
		const hide = rule.values.includes(input.value);
		for (const name of rule.fields) {
			const r = form.rows.get(name);
			if (r)
				r.node.hidden = hide;
		}
		note.hidden = !hide;
	};
	input.addEventListener('change', apply);
	// A hidden field whose value is refused shows again, with its message.
	form.form.addEventListener('submit', () => {
		for (const name of rule.fields) {
			const r = form.rows.get(name);
			if (r && r.node.hidden && r.input.getAttribute('aria-invalid') === 'true')
				r.node.hidden = false;
		}
	});
	apply();
}

/** The create/edit page of a generic resource (#/products/new, #/products/3). */
export function formPage(resource, { more = null } = {}) {
	return async (view, ctx) => {
		const conf = RESOURCES[resource];
		const id = ctx.params.id ? Number(ctx.params.id) : null;
		const listHash = href(conf.list || resource);
		const listName = conf.list === 'stock' ? 'Stock' : conf.title;
		const title = id ? `${conf.title.replace(/s$/, '')} ${id}` : conf.add;
		const head = pageHead({ title, back: { href: listHash, text: listName }, flash: ctx.flash, warnings: ctx.warnings });
		const body = h('div', { class: 'form-page' }, loading(conf.one));
		fill(view, head, body);

		let schema, record = null, refs;
		try {
			schema = await resourceSchema(resource);
			await loadSettings();
			if (id)
				record = await api.get(resource, id);
			const fields = id ? (conf.editFields ? createFields(schema, conf.editFields) : schema.fields.filter((f) => f.name !== 'id'))
				: createFields(schema, conf.createFields);
			refs = await refOptions(fields, record);
			if (!ctx.live())
				return;
			let lastOut = null;
			const create = async (out) => {
				const saved = await api.create(resource, out);
				const text = createdText(resource, conf, saved,
							 refs.maps);
				// A warning is shown on the form of the record
				// just saved.
				const to =
					saved.warnings && saved.warnings.length
						? href(`${resource}/${
							  saved.id}`)
						: returnHash(ctx.query,
							     saved.id) ||
							  listHash;
				ctx.go(to, {
					flash : text,
					warnings : saved.warnings
				});
			};
			if (record) {
				const name = recordName(resource, record);
				const heading = head.querySelector('h1');
				heading.textContent = name || title;
				ctx.setTitle(name || title);
			}
			const form = buildForm({
				resource,
				fields,
				values : record || prefill(schema, ctx.query),
				options : refs.options,
				mode : id ? 'edit' : 'create',
				submitLabel : id ? 'Save changes' : conf.add,
				check : conf.check,
				onSubmit : async (out, {changed}) => {
					if (id) {
						if (!changed) {
							ctx.go(location.hash, { flash: 'Nothing changed, so nothing was saved.' });
							return;
						}
						const saved = await api.update(resource, id, conf.body ? conf.body(out, record) : out);
						ctx.go(location.hash, { flash: `Saved ${conf.one} “${recordName(resource, saved)}”.`, warnings: saved.warnings });
					} else {
						lastOut = out;
						await create(out);
					}
				},
				errorActions :
					conf.errorActions && !id
						? (err) => conf.errorActions(err, {
							  retry : (
								  more) => create({
								  ...lastOut,
								  ...more
							  })
						  })
						: null,
			});
			const parts = [];
			if (record && conf.related) {
				parts.push(h('nav', { class: 'related', 'aria-label': `About this ${conf.one}` },
					h('ul', {}, conf.related(record).map(([text, link]) => h('li', {}, h('a', { href: link }, text))))));
			}
			if (conf.hideWhen)
				hideWhen(form, conf.hideWhen);
			parts.push(form.form);
			if (record && more)
				parts.push(more(record, ctx));
			if (id) {
				parts.push(h('section', { class: 'danger-zone', 'aria-label': `Delete this ${conf.one}` },
					deleteControl({
						what: conf.one,
						resource,
						onDelete: async () => {
							await api.remove(resource, id);
							ctx.go(listHash, { flash: `Deleted ${conf.one} “${recordName(resource, record)}”.` });
						},
						instead: conf.retire && !record.retired ? {
							label: 'Retire it instead',
							run: async () => {
								await api.update(resource, id, { retired: 1 });
								ctx.go(listHash, { flash: conf.retire(recordName(resource, record)) });
							},
						} : null,
					})));
			}
			fill(body, parts);
		} catch (err) {
			if (!ctx.live())
				return;
			if (err instanceof ApiError && err.status === 404) {
				fill(body, h('p', { class: 'notice' }, `There is no ${conf.one} with number ${id}. It may have been deleted. `,
					h('a', { href: listHash }, `See all ${many(resource)}`), '.'));
				return;
			}
			fill(body, loadError(err, () => ctx.reload()));
		}
	};
}
