/* batches.js - runs of one product: plan one, record what was made and
 * rejected with quality notes, the materials it used with their supplier
 * lots, sell from it, and open its trace. */

import { api } from './api.js';
import { costPanel, donePanel, shortNotice } from './batch-done.js';
import { fill, h } from './dom.js';
import { buildForm } from './forms.js';
import {
	dateText, groupDigits, minutesText, money, relativeDays, today,
} from './format.js';
import { badge, emptyState, facts, jumpBar, linkButton, loadError, loading, pageHead } from './page.js';
import { deleteControl, prefill, listView, refList, RESOURCES } from './records.js';
import { href } from './router.js';
import { currency, loadSettings, resourceSchema, STATUS_TEXT } from './schema.js';

RESOURCES.batches.empty = {
	title: 'No batches yet',
	text: 'A batch is one run of the same product: a morning’s loaves, a kiln load of mugs. Plan one with its run date and how many you mean to make; after the run, record how many came out and how many you rejected.',
	action: 'Plan your first batch',
};

function fieldsByName(schema, names) {
	return names.map((n) => schema.fields.find((f) => f.name === n)).filter((f) => f && !f.read_only);
}

/** A best-before date with a plain-words warning when it has passed. */
export function bestBeforeText(date) {
	if (!date)
		return h('span', { class: 'muted' }, 'none');
	const now = today();
	if (date < now)
		return h('span', {}, badge('Past best before', 'overdue', '!'), ' ', dateText(date));
	return h('span', {}, dateText(date), ` (${relativeDays(date)})`);
}

/** #/batches: every batch, newest run first, with filters. */
export function mountBatches(view, ctx) {
	listView(view, ctx, 'batches', {
		title: 'Batches',
		lead: 'Runs of one product: what you planned, made and rejected, what went into them and who bought them.',
		actions: [
			linkButton('Plan a batch', href('batches/new')),
			linkButton('Trace a lot or code', href('trace'), 'secondary'),
		],
	});
}

/** #/batches/new: plan a batch (product, run date, planned quantity). */
export async function mountBatchNew(view, ctx) {
	const body = h('div', { class: 'form-page' }, loading('the form'));
	fill(view, pageHead({
		title: 'Plan a batch',
		lead: 'Choose the product, the day of the run and how many you mean to make. The batch gets its own code.',
		back: { href: href('batches'), text: 'Batches' },
		flash: ctx.flash,
	}), body);
	try {
		const schema = await resourceSchema('batches');
		const products = await refList('products');
		if (!ctx.live())
			return;
		// Made-to-order products are not made in batches: not offered.
		const batchable = products.items.filter((p) => p.mode !== 'job');
		const options = products.options.filter((o) => batchable.some((p) => p.id === o.value));
		if (products.items.length > 0 && batchable.length === 0) {
			fill(body, emptyState({
				title: 'No product is made in batches',
				text: 'Every product is set to be made to order. Set a product to “In batches” or “Both” to plan a run of it.',
				action: linkButton('See the products', href('products')),
			}));
			return;
		}
		if (products.items.length === 0) {
			fill(body, emptyState({
				title: 'Add a product first',
				text: 'A batch is a run of one product. Add the product (with its shelf life if it goes off) and you will come straight back here.',
				action: linkButton('Add a product', href('products/new', { return: 'batches/new', as: 'product_id' })),
			}));
			return;
		}
		const form = buildForm({
			resource: 'batches',
			fields: fieldsByName(schema, ['product_id', 'run_date', 'planned_qty', 'qc_notes']),
			values: prefill(schema, ctx.query),
			options: { product_id: options },
			mode: 'create',
			submitLabel: 'Plan the batch',
			onSubmit: async (out) => {
				const saved = await api.create('batches', out);
				ctx.go(href(`batches/${saved.id}`), { flash: `Batch ${saved.code} planned.` });
			},
		});
		fill(body, form.form);
	} catch (err) {
		if (ctx.live())
			fill(body, loadError(err, () => ctx.reload()));
	}
}

/** #/batches/:id: one batch: record the run, materials, sales. */
export async function mountBatch(view, ctx) {
	const id = Number(ctx.params.id);
	const head = h('div');
	const body = h('div', { class: 'detail' }, loading('the batch'));
	fill(view, head, body);
	fill(head, pageHead({ title: `Batch ${id}`, back: { href: href('batches'), text: 'Batches' }, flash: ctx.flash }));

	let schemas;
	try {
		await loadSettings();
		schemas = {
			batches: await resourceSchema('batches'),
			uses: await resourceSchema('batch-materials'),
			sales: await resourceSchema('sales'),
		};
	} catch (err) {
		if (ctx.live())
			fill(body, loadError(err, () => ctx.reload()));
		return;
	}

	async function fetchAll() {
		const [batch, uses, sales, products, materials, customers] = await Promise.all([
			api.get('batches', id),
			api.batchMaterials(id),
			api.list('sales', { batch_id: id, limit: 1000 }),
			refList('products'),
			refList('materials'),
			refList('customers'),
		]);
		return { batch, uses: uses.items, sales: sales.items, products, materials, customers };
	}

	async function load(focus = null, message = null) {
		let d;
		try {
			d = await fetchAll();
		} catch (err) {
			if (!ctx.live())
				return;
			if (err.status === 404)
				fill(body, h('p', { class: 'notice' }, `There is no batch ${id}. It may have been deleted. `,
					h('a', { href: href('batches') }, 'See all batches'), '.'));
			else
				fill(body, loadError(err, () => load()));
			return;
		}
		if (ctx.live())
			draw(d, focus, message);
	}

	function sectionNote(key, focus, message) {
		return focus === key && message
			? h('p', { class: 'notice notice--success', 'data-section-message': '' },
				h('span', { 'aria-hidden': 'true' }, '✓ '), message)
			: null;
	}

	function draw(d, focus, message) {
		const { batch } = d;
		const product = d.products.byId.get(batch.product_id);
		const cur = currency();
		ctx.setTitle(`Batch ${batch.code}`);
		fill(head, pageHead({
			title: ['Batch ', h('span', { class: 'code' }, batch.code)],
			back: { href: href('batches'), text: 'Batches' },
			flash: focus ? null : ctx.flash,
			actions: [
				linkButton('Trace this batch', href(`batches/${id}/trace`), 'secondary'),
				linkButton('Print labels', href(`batches/${id}/labels`), 'secondary', { 'data-print-labels': '' }),
				batch.status !== 'done' ? linkButton('Time it', href('timer', { batch: id }), 'quiet', { 'data-needs': 'write' }) : null,
				linkButton('Add time by hand', href('time-entries/new', { batch_id: id, return: `batches/${id}` }), 'quiet', { 'data-add-time': '' }),
			].filter(Boolean),
		}));
		head.querySelector('.page-head__row').after(h('p', { class: 'page-head__badges' },
			badge(STATUS_TEXT.batches[batch.status] || batch.status, `status-${batch.status}`), ' ',
			product ? h('a', { href: href(`products/${product.id}`) }, product.name) : null));

		/* What the batch is, in numbers. */
		const numbers = h('section', { class: 'panel', 'aria-labelledby': 'batch-facts-h', 'data-batch-facts': '' },
			h('h2', { id: 'batch-facts-h' }, 'The batch'),
			facts([
				['Product', product ? product.name : `product ${batch.product_id}`],
				['Run date', dateText(batch.run_date)],
				['Best before', bestBeforeText(batch.best_before)],
				['Planned', groupDigits(batch.planned_qty)],
				['Made', `${groupDigits(batch.made_qty)} (rejects included)`],
				['Rejected', groupDigits(batch.rejected_qty)],
				['Sold', groupDigits(batch.sold_qty)],
				['Available', [h('strong', { 'data-available': batch.available_qty }, groupDigits(batch.available_qty)),
					h('span', { class: 'muted', 'data-available-sum': '' },
						` = ${groupDigits(batch.made_qty)} made − ${groupDigits(batch.rejected_qty)} rejected − ${groupDigits(batch.sold_qty)} sold`)]],
				['Time tracked', minutesText(batch.tracked_minutes)],
				['Quality notes', batch.qc_notes],
			], 'facts--grid'));

		/* Mark it done, taking its recipe from stock; once done, what it
		 * really cost. */
		const making = batch.status === 'done'
			? [sectionNote('cost', focus, message), costPanel(id)]
			: donePanel(batch, {
				announce: (text) => ctx.announce(text),
				onDone: (answer) => load('cost', `Done: ${answer.uses.length === 1 ? 'one material use' : `${answer.uses.length} material uses`} taken from stock.`),
			});

		/* Record the run. */
		const runForm = buildForm({
			resource: 'batches',
			fields: fieldsByName(schemas.batches, ['made_qty', 'rejected_qty', 'qc_notes', 'status',
				'planned_qty', 'run_date', 'best_before']),
			values: batch,
			mode: 'edit',
			submitLabel: 'Save the run',
			check: (v) => {
				const out = {};
				if (Number.isInteger(v.made_qty) && Number.isInteger(v.rejected_qty)) {
					if (v.rejected_qty > v.made_qty)
						out.rejected_qty = `Cannot be more than the ${v.made_qty} made.`;
					else if (v.made_qty - v.rejected_qty < batch.sold_qty)
						out.made_qty = `${batch.sold_qty} from this batch are already sold, so made minus rejected must be at least ${batch.sold_qty}.`;
				}
				if (v.best_before && v.run_date && v.best_before < v.run_date)
					out.best_before = 'Cannot be before the run date.';
				return out;
			},
			onSubmit: async (out, { changed }) => {
				if (!changed) {
					load('run', 'Nothing changed, so nothing was saved.');
					return;
				}
				await api.update('batches', id, out);
				ctx.announce('Run saved.');
				await load('run', 'Run saved.');
			},
		});
		const run = h('section', { class: 'panel', 'aria-labelledby': 'batch-run-h', 'data-section': 'run' },
			h('h2', { id: 'batch-run-h' }, 'Record the run'),
			h('p', { class: 'muted' }, 'After the run, enter how many came out, how many failed your checks, and what you noticed.'),
			sectionNote('run', focus, message),
			runForm.form);

		/* Materials used, with lots. */
		const useRows = d.uses.map((u) => h('tr', {},
			h('th', { scope: 'row', 'data-label': 'Material' }, u.material_name),
			h('td', { 'data-label': 'Quantity', class: 'col--int' }, `${groupDigits(u.quantity)} ${u.unit}`),
			h('td', { 'data-label': 'Supplier lot' }, u.lot ? h('span', { class: 'code' }, u.lot) : h('span', { class: 'muted' }, 'not recorded'),
				u.beyond_stock ? [' ', badge('Beyond stock', 'overdue', '!')] : null),
			h('td', { class: 'col--action' }, deleteControl({
				what: 'material use (its quantity goes back into stock)',
				resource: 'batch-materials',
				small: true,
				label: `Delete the use of ${u.material_name}${u.lot ? `, lot ${u.lot}` : ''}`,
				onDelete: async () => {
					await api.remove('batch-materials', u.id);
					await load('materials', `Deleted the use of ${u.material_name}; ${groupDigits(u.quantity)} ${u.unit} back in stock.`);
				},
			}))));
		const useTable = d.uses.length
			? h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'batch-materials' },
				h('caption', { class: 'visually-hidden' }, 'Materials used by this batch'),
				h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Material'), h('th', { scope: 'col', class: 'col--int' }, 'Quantity'),
					h('th', { scope: 'col' }, 'Supplier lot'),
					h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Delete')))),
				h('tbody', {}, useRows)))
			: h('p', { class: 'muted' }, 'No materials recorded yet.');
		let useForm = null;
		if (d.materials.items.length === 0) {
			useForm = emptyState({
				title: 'No materials to choose from',
				text: 'Add the materials you buy, then record here how much of each this batch used and the supplier’s lot.',
				action: linkButton('Add a material', href('materials/new', { return: `batches/${id}`, as: 'material_id' }), 'secondary'),
			});
		} else {
			const options = d.materials.items.map((m) => ({ value: m.id, label: `${m.name} (${m.unit})` }));
			const pre = ctx.query.get('material_id');
			const f = buildForm({
				resource: 'batch-materials',
				fields: fieldsByName(schemas.uses, ['material_id', 'quantity', 'lot']),
				values: pre ? { material_id: Number(pre) } : {},
				options: { material_id: options },
				mode: 'create',
				submitLabel: 'Add material use',
				onSubmit: async (out) => {
					const saved = await api.addBatchMaterial(id, out);
					const text = `Recorded ${groupDigits(saved.quantity)} ${saved.unit} of ${saved.material_name}${saved.lot ? `, lot ${saved.lot}` : ''}.`;
					ctx.announce(text);
					await load('materials', text);
				},
			});
			useForm = h('div', { class: 'subform', 'data-needs': 'write' }, h('h3', {}, 'Add what it used'), f.form);
		}
		const materials = h('section', { class: 'panel', 'aria-labelledby': 'batch-mat-h', 'data-section': 'materials' },
			h('h2', { id: 'batch-mat-h' }, 'Materials used'),
			sectionNote('materials', focus, message),
			useTable, useForm);

		/* Sell from it. */
		const saleRows = d.sales.map((s) => {
			const c = s.customer_id ? d.customers.byId.get(s.customer_id) : null;
			return h('tr', { 'data-sale-id': s.id },
				h('th', { scope: 'row', 'data-label': 'Date' }, h('a', { href: href(`sales/${s.id}`) }, dateText(s.sold_on))),
				h('td', { 'data-label': 'Customer' }, c ? c.name : h('span', { class: 'muted' }, 'no customer')),
				h('td', { 'data-label': 'Quantity', class: 'col--int' }, groupDigits(s.quantity)),
				h('td', { 'data-label': 'Price each', class: 'col--money' }, money(s.price, cur)));
		});
		const saleTable = d.sales.length
			? h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'batch-sales' },
				h('caption', { class: 'visually-hidden' }, 'Sales from this batch'),
				h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Customer'),
					h('th', { scope: 'col', class: 'col--int' }, 'Quantity'), h('th', { scope: 'col', class: 'col--money' }, 'Price each'))),
				h('tbody', {}, saleRows)))
			: h('p', { class: 'muted' }, 'Nothing sold from this batch yet.');
		let saleForm;
		if (batch.available_qty > 0) {
			const f = buildForm({
				resource: 'sales',
				fields: fieldsByName(schemas.sales, ['customer_id', 'quantity', 'price', 'sold_on']),
				values: product && product.price > 0 ? { price: product.price } : {},
				options: { customer_id: d.customers.options },
				mode: 'create',
				submitLabel: 'Record the sale',
				hints: {
					quantity: batch.available_qty === 1 ? '1 is left in this batch.'
						: `${groupDigits(batch.available_qty)} are left in this batch.`,
					customer_id: 'Leave at “None” for a sale at a market or counter.',
				},
				check: (v) => (Number.isInteger(v.quantity) && v.quantity > batch.available_qty
					? { quantity: `Only ${batch.available_qty} left in this batch.` } : {}),
				onSubmit: async (out) => {
					const body = { batch_id: id, ...out };
					const saved = await api.create('sales', body);
					const c = saved.customer_id ? d.customers.byId.get(saved.customer_id) : null;
					const text = `Sold ${saved.quantity}${c ? ` to ${c.name}` : ''}.`;
					ctx.announce(text);
					await load('sales', text);
				},
			});
			saleForm = h('div', { class: 'subform', 'data-needs': 'write' }, h('h3', {}, 'Quick sale'), f.form);
		} else {
			saleForm = h('p', { class: 'notice' }, batch.made_qty === 0
				? 'Record how many you made (under “Record the run”) before selling from this batch.'
				: 'Nothing left to sell from this batch.');
		}
		const sales = h('section', { class: 'panel', 'aria-labelledby': 'batch-sales-h', 'data-section': 'sales' },
			h('h2', { id: 'batch-sales-h' }, 'Sell from this batch'),
			sectionNote('sales', focus, message),
			saleTable, saleForm);

		const danger = h('section', { class: 'danger-zone', 'aria-label': 'Delete this batch' },
			deleteControl({
				what: 'batch',
				resource: 'batches',
				onDelete: async () => {
					await api.remove('batches', id);
					ctx.go(href('batches'), { flash: `Deleted batch ${batch.code}.` });
				},
			}));

		fill(body,
			jumpBar([[batch.status === 'done' ? 'What it cost' : 'Mark it done', `[data-section="${batch.status === 'done' ? 'cost' : 'done'}"]`],
				['Record the run', '[data-section="run"]'], ['Materials used', '[data-section="materials"]'],
				['Sell from it', '[data-section="sales"]']]),
			shortNotice(batch),
			h('div', { class: 'detail__grid' },
				h('div', { class: 'detail__col' }, numbers, making, run),
				h('div', { class: 'detail__col' }, materials, sales)),
			danger);

		if (focus) {
			const section = body.querySelector(`[data-section="${focus}"]`);
			const target = section && (section.querySelector('select, input, textarea') || section.querySelector('h2'));
			if (target) {
				target.focus({ preventScroll: true });
				section.scrollIntoView({ block: 'start' });
			}
		}
	}

	load();
}
