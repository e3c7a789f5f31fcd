/* trace.js - from a batch, or from a supplier's lot, to every customer who
 * received it: the recall list, with contact details, ready to print. */

import { api, ApiError } from './api.js';
import { fill, h } from './dom.js';
import { dateText, groupDigits, money, today } from './format.js';
import { bestBeforeText } from './batches.js';
import { emptyState, facts, loadError, loading, pageHead } from './page.js';
import { href } from './router.js';
import { currency, loadSettings, messageText } from './schema.js';

function printButton(what) {
	const b = h('button', { type: 'button', class: 'button button--secondary', 'data-print': '' }, `Print ${what}`);
	b.addEventListener('click', () => window.print());
	return b;
}

/* When and by whom a printout was made, on paper only. */
function printedLine(settings) {
	return h('p', { class: 'print-only printed' },
		`${settings.workshop_name} · printed ${dateText(today())} at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`);
}

/** The recall list: each customer once, with how to reach them. */
export function recallTable(customers, caption) {
	if (customers.length === 0)
		return h('p', { class: 'notice', 'data-recall-empty': '' }, 'No known customer received this. Sales without a customer (at a market or counter, say) cannot be traced to a person.');
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table table--recall', 'data-table': 'recall' },
		h('caption', { class: 'visually-hidden' }, caption),
		h('thead', {}, h('tr', {},
			h('th', { scope: 'col' }, 'Customer'),
			h('th', { scope: 'col' }, 'Email'),
			h('th', { scope: 'col' }, 'Phone'),
			h('th', { scope: 'col', class: 'col--int' }, 'Quantity'))),
		h('tbody', {}, customers.map((c) => h('tr', { 'data-customer-id': c.customer_id },
			h('th', { scope: 'row', 'data-label': 'Customer' }, h('a', { href: href(`customers/${c.customer_id}`) }, c.name)),
			h('td', { 'data-label': 'Email' }, c.email ? h('a', { href: `mailto:${c.email}` }, c.email) : h('span', { class: 'muted' }, 'none')),
			h('td', { 'data-label': 'Phone' }, c.phone ? h('a', { href: `tel:${c.phone.replace(/[^\d+]/g, '')}` }, c.phone) : h('span', { class: 'muted' }, 'none')),
			h('td', { 'data-label': 'Quantity', class: 'col--int', 'data-quantity': c.quantity }, groupDigits(c.quantity)))))));
}

function lotsTable(materials) {
	if (materials.length === 0)
		return h('p', { class: 'muted' }, 'No materials were recorded for this batch.');
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'lots' },
		h('caption', { class: 'visually-hidden' }, 'Materials and supplier lots'),
		h('thead', {}, h('tr', {},
			h('th', { scope: 'col' }, 'Material'),
			h('th', { scope: 'col', class: 'col--int' }, 'Quantity'),
			h('th', { scope: 'col' }, 'Supplier lot'))),
		h('tbody', {}, materials.map((m) => h('tr', {},
			h('th', { scope: 'row', 'data-label': 'Material' }, m.material_name),
			h('td', { 'data-label': 'Quantity', class: 'col--int' }, `${groupDigits(m.quantity)} ${m.unit}`),
			h('td', { 'data-label': 'Supplier lot' }, m.lot
				? h('a', { href: href('trace', { lot: m.lot }), 'aria-label': `Lot ${m.lot}: trace every batch that used it` }, m.lot)
				: h('span', { class: 'muted' }, 'not recorded')))))));
}

function salesTable(sales) {
	const cur = currency();
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'trace-sales' },
		h('caption', { class: 'visually-hidden' }, 'Every sale from this batch'),
		h('thead', {}, h('tr', {},
			h('th', { scope: 'col' }, 'Date'),
			h('th', { scope: 'col' }, 'Customer'),
			h('th', { scope: 'col', class: 'col--int' }, 'Quantity'),
			h('th', { scope: 'col', class: 'col--money' }, 'Price each'))),
		h('tbody', {}, sales.map((s) => h('tr', {},
			h('th', { scope: 'row', 'data-label': 'Date' }, dateText(s.sold_on)),
			h('td', { 'data-label': 'Customer' }, s.customer_name || h('span', { class: 'muted' }, 'no customer recorded')),
			h('td', { 'data-label': 'Quantity', class: 'col--int' }, groupDigits(s.quantity)),
			h('td', { 'data-label': 'Price each', class: 'col--money' }, money(s.price, cur)))))));
}

/* The whole trace of one batch, as sections. level: heading level. */
function traceBody(t, level = 2) {
	const H = `h${level}`;
	const b = t.batch;
	const untraced = t.sales.filter((s) => !s.customer_id).reduce((n, s) => n + s.quantity, 0);
	const traced = t.customers.reduce((n, c) => n + c.quantity, 0);
	return [
		h('section', { class: 'panel', 'aria-label': `Batch ${b.code}` },
			facts([
				['Product', t.product ? t.product.name : `product ${b.product_id}`],
				['Run date', dateText(b.run_date)],
				['Best before', bestBeforeText(b.best_before)],
				['Made', groupDigits(b.made_qty)],
				['Rejected', groupDigits(b.rejected_qty)],
				['Sold', groupDigits(b.sold_qty)],
				['Still in stock', groupDigits(b.available_qty)],
				['Quality notes', b.qc_notes],
			], 'facts--grid')),
		h('section', { class: 'panel', 'aria-label': 'Materials and lots' },
			h(H, {}, 'Materials and lots'),
			lotsTable(t.materials)),
		h('section', { class: 'panel panel--recall', 'aria-label': 'Who received it' },
			h(H, {}, 'Who received it'),
			h('p', { 'data-recall-summary': '' },
				t.customers.length === 0 ? 'No known customer received any.'
					: `${t.customers.length === 1 ? '1 customer' : `${t.customers.length} customers`} received ${groupDigits(traced)} in all.`,
				untraced ? ` ${groupDigits(untraced)} more went without a customer recorded.` : '',
				b.available_qty ? ` ${groupDigits(b.available_qty)} ${b.available_qty === 1 ? 'is' : 'are'} still in stock.` : ''),
			recallTable(t.customers, `Customers who received batch ${b.code}`)),
		t.sales.length ? h('section', { class: 'panel', 'aria-label': 'Every sale' },
			h(H, {}, 'Every sale'),
			salesTable(t.sales)) : null,
	];
}

/** #/batches/:id/trace: one batch's trace. */
export async function mountTrace(view, ctx) {
	const id = Number(ctx.params.id);
	const head = h('div');
	const body = h('div', { class: 'trace' }, loading('the trace'));
	fill(view, head, body);
	const back = { href: href(`batches/${id}`), text: 'Back to the batch' };
	fill(head, pageHead({ title: 'Trace', back }));
	let t, settings;
	try {
		[t, settings] = await Promise.all([api.batchTrace(id), loadSettings()]);
	} catch (err) {
		if (!ctx.live())
			return;
		if (err.status === 404)
			fill(body, h('p', { class: 'notice' }, `There is no batch ${id}. `, h('a', { href: href('trace') }, 'Trace by lot or code'), '.'));
		else
			fill(body, loadError(err, () => ctx.reload()));
		return;
	}
	if (!ctx.live())
		return;
	ctx.setTitle(`Trace ${t.batch.code}`);
	fill(head, pageHead({
		title: `Trace of batch ${t.batch.code}`,
		lead: 'What went into this batch and everyone who received it. Print it to work through a recall.',
		back,
		actions: [printButton('the recall list')],
	}), printedLine(settings));
	fill(body, traceBody(t));
}

/** #/trace[?lot=LOT | ?code=CODE]: find batches by supplier lot or code. */
export async function mountTraceSearch(view, ctx) {
	const lot = (ctx.query.get('lot') || '').trim();
	const code = (ctx.query.get('code') || '').trim();
	const results = h('div', { class: 'trace', 'data-trace-results': '' });

	function searchForm(name, label, hint, value, button) {
		const id = `trace-${name}`;
		const input = h('input', { id, name, type: 'text', class: 'input', value, autocomplete: 'off', 'aria-describedby': `${id}-hint` });
		const error = h('p', { class: 'field__error', id: `${id}-error`, hidden: true });
		const form = h('form', { class: 'form trace-search', role: 'search', 'aria-label': `Trace by ${label.toLowerCase()}`, novalidate: true },
			h('div', { class: 'field' },
				h('label', { class: 'field__label', for: id }, label),
				h('p', { class: 'field__hint', id: `${id}-hint` }, hint),
				input, error),
			h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'button button--primary' }, button)));
		const setError = (text) => {
			if (text) {
				fill(error, h('span', { class: 'field__error-mark', 'aria-hidden': 'true' }, '!'), ' ', text);
				error.hidden = false;
				input.setAttribute('aria-invalid', 'true');
				input.setAttribute('aria-describedby', `${id}-hint ${id}-error`);
			} else {
				fill(error);
				error.hidden = true;
				input.removeAttribute('aria-invalid');
				input.setAttribute('aria-describedby', `${id}-hint`);
			}
		};
		input.addEventListener('input', () => setError(null));
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			const v = input.value.trim();
			if (v === '') {
				setError(`Enter a ${label.toLowerCase()}.`);
				input.focus();
				return;
			}
			if (/[^\x20-\x7e]/.test(v) && name === 'code') {
				setError('A batch code has only letters, digits and dashes.');
				input.focus();
				return;
			}
			ctx.go(href('trace', { [name]: v }));
		});
		return { form, input, setError };
	}

	const lotForm = searchForm('lot', 'Supplier lot', 'The lot or batch number printed on the supplier’s sack, tin or label. Case, spaces, dashes and underscores do not matter.', lot, 'Find the batches');
	/* The known lots as a picker, those starting with what is typed. */
	const picker = h('datalist', { id: 'trace-lot-known', 'data-lot-picker': '' });
	lotForm.input.setAttribute('list', picker.id);
	lotForm.form.append(picker);
	let asked = null;
	const fillPicker = async () => {
		const q = lotForm.input.value.trim();
		if (q === asked)
			return;
		asked = q;
		try {
			const page = await api.lots(q ? { q, limit: 20 } : { limit: 100 });
			if (asked === q && ctx.live())
				fill(picker, page.items.map((it) => h('option', { value: it.lot })));
		} catch (err) {
			/* The picker is a help; the search works without it. */
		}
	};
	lotForm.input.addEventListener('input', fillPicker);
	fillPicker();
	const codeForm = searchForm('code', 'Batch code', 'The code smallrun gave the batch, like SOUR-20261125-1.', code, 'Open its trace');

	fill(view,
		pageHead({
			title: 'Trace a lot or batch',
			lead: 'A supplier warns you about a lot, or a customer reports a problem? Find every batch it went into and everyone who received them.',
			back: { href: href('batches'), text: 'Batches' },
			flash: ctx.flash,
		}),
		h('div', { class: 'trace-forms' }, lotForm.form, codeForm.form),
		results);

	if (code) {
		fill(results, loading('the batch'));
		try {
			const t = await api.traceCode(code);
			if (ctx.live())
				ctx.go(href(`batches/${t.batch.id}/trace`), { replace: true });
		} catch (err) {
			if (!ctx.live())
				return;
			fill(results);
			if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
				codeForm.setError(err.status === 404 ? `No batch has the code “${code}”.` : messageText('batches', err.message));
				codeForm.input.focus();
			} else {
				fill(results, loadError(err, () => ctx.reload()));
			}
		}
		return;
	}
	if (!lot)
		return;

	fill(results, loading('the lot'));
	let data, settings;
	try {
		[data, settings] = await Promise.all([api.traceLot(lot), loadSettings()]);
	} catch (err) {
		if (!ctx.live())
			return;
		if (err instanceof ApiError && err.status === 400) {
			fill(results);
			lotForm.setError(messageText('batch-materials', err.message));
		} else {
			fill(results, loadError(err, () => ctx.reload()));
		}
		return;
	}
	if (!ctx.live())
		return;
	if (data.batches.length === 0) {
		const near = data.suggestions || [];
		fill(results, emptyState({
			title: `No batch used lot “${lot}”`,
			text: 'Check the lot against the label. Case, spaces, dashes and underscores are ignored; every other character must match.',
		}), near.length ? h('p', { class: 'notice', 'data-lot-suggestions': '' }, 'Did you mean ',
			near.map((n, i) => [i ? (i === near.length - 1 ? ' or ' : ', ') : '',
				h('a', { href: href('trace', { lot: n }), 'data-suggestion': n }, n)]), '?') : null);
		return;
	}
	const totalSold = data.customers.reduce((n, c) => n + c.quantity, 0);
	fill(results,
		h('div', { class: 'page-head__row trace-lot-head' },
			h('h2', { class: 'trace-lot-title', 'data-lot': data.lot }, `Lot ${data.lot}`),
			printButton('the recall list')),
		printedLine(settings),
		h('p', { 'data-lot-summary': '' },
			`Used by ${data.batches.length === 1 ? '1 batch' : `${data.batches.length} batches`}. `,
			data.customers.length === 0 ? 'No known customer received any of them.'
				: `${data.customers.length === 1 ? '1 customer' : `${data.customers.length} customers`} received ${groupDigits(totalSold)} in all.`),
		h('section', { class: 'panel panel--recall', 'aria-labelledby': 'lot-recall-h' },
			h('h3', { id: 'lot-recall-h' }, 'Everyone who received them'),
			recallTable(data.customers, `Customers who received batches with lot ${data.lot}`)),
		h('h3', { class: 'trace-batches-title' }, 'The batches'),
		data.batches.map((t) => h('section', { class: 'trace-batch', 'aria-labelledby': `lot-batch-${t.batch.id}`, 'data-trace-batch': t.batch.code },
			h('h3', { id: `lot-batch-${t.batch.id}` },
				h('a', { href: href(`batches/${t.batch.id}/trace`) }, `Batch ${t.batch.code}`),
				t.product ? ` · ${t.product.name}` : ''),
			traceBody(t, 4))));
}
