/* labels.js - #/batches/:id/labels: print a batch's labels. A small form
 * (which sheet or roll, how many, from which label of a used sheet) opens
 * the PDF the server lays out to the millimetre; beside it, a printable
 * preview of one label drawn from the same texts and bold runs
 * (GET /api/v1/batches/{id}/label), at the label's size. */

import { api, ApiError } from './api.js';
import { fill, h } from './dom.js';
import { loadError, loading, pageHead } from './page.js';
import { href } from './router.js';
import { messageText } from './schema.js';

/* The layouts the server knows (lib/label.c), and how many a sheet holds. */
const LAYOUTS = [
	{ name: 'l7160', text: 'A4 sheet of 21, 63.5 × 38.1 mm (Avery L7160)', per: 21 },
	{ name: 'l7163', text: 'A4 sheet of 14, 99.1 × 38.1 mm (Avery L7163)', per: 14 },
	{ name: 'l7651', text: 'A4 sheet of 65, 38.1 × 21.2 mm (Avery L7651)', per: 65 },
	{ name: 'roll62', text: '62 mm roll (Brother DK-22205)', per: 1 },
];

/* The address of the PDF for these choices. */
function pdfHref(id, layout, copies, start) {
	const q = new URLSearchParams({ layout, copies: String(copies), start: String(start) });
	return `/api/v1/batches/${encodeURIComponent(id)}/labels.pdf?${q}`;
}

/* One label as the PDF lays it out, drawn in HTML: every text as text,
 * the allergens as <strong>. */
function preview(l) {
	const lines = [h('p', { class: 'label__name' }, l.name)];
	if (l.food) {
		lines.push(h('p', { 'data-label-ingredients': '' }, 'Ingredients: ',
			l.ingredients.map((r) => (r.bold ? h('strong', {}, r.text) : r.text))));
		if (l.may_contain)
			lines.push(h('p', {}, `May contain: ${l.may_contain}`));
		if (l.storage)
			lines.push(h('p', {}, l.storage));
		lines.push(h('p', {}, [l.net_quantity, l.date_line, l.lot].filter(Boolean).join('   ')));
		lines.push(h('p', {}, [l.maker, l.address].filter(Boolean).join(', ')));
	} else {
		lines.push(h('p', {}, `Batch ${l.code}   ${l.made_line}`));
		lines.push(h('p', {}, l.maker || ''));
	}
	const box = h('div', { class: `label ${l.food ? 'label--food' : ''}`, 'data-label-preview': '' },
		h('div', { class: 'label__text' }, lines),
		l.qr_svg ? h('img', {
			class: 'label__qr',
			alt: `QR code opening ${l.trace_url}`,
			src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(l.qr_svg)}`,
		}) : null);
	// Through the CSSOM, which the page's style policy allows.
	box.style.width = `${l.layout.label_w}mm`;
	if (l.layout.label_h)
		box.style.height = `${l.layout.label_h}mm`;
	return h('figure', { class: 'label-preview', 'aria-label': `Preview of a label for batch ${l.code}` },
		box,
		h('figcaption', { class: 'muted' }, l.food
			? `The PDF adds a Code 128 of ${l.code} under the text. Its QR code opens ${l.trace_url}.`
			: 'A plain label: this product is not marked as food.'));
}

export function mountLabels(view, ctx) {
	const id = ctx.params.id;
	const head = h('div', {});
	const body = h('div', {}, loading('the label'));
	fill(view, head, body);

	const layout = h('select', { id: 'label-layout', name: 'layout', class: 'input input--select' },
		LAYOUTS.map((l) => h('option', { value: l.name }, l.text)));
	const copies = h('input', { id: 'label-copies', name: 'copies', class: 'input input--number', type: 'number', min: 1, max: 1000, value: '21', inputmode: 'numeric' });
	const start = h('input', { id: 'label-start', name: 'start', class: 'input input--number', type: 'number', min: 1, max: 21, value: '1', inputmode: 'numeric' });
	const open = h('a', { class: 'button button--primary', target: '_blank', rel: 'noopener', 'data-labels-pdf': '' }, 'Open the PDF');
	const error = h('p', { class: 'field__error', role: 'alert', hidden: true });
	const shown = h('div', { 'data-label-shown': '' });

	function update() {
		const l = LAYOUTS.find((x) => x.name === layout.value);
		start.max = String(l.per);
		const n = Number(copies.value);
		const k = Number(start.value);
		const ok = Number.isInteger(n) && n >= 1 && n <= 1000 && Number.isInteger(k) && k >= 1 && k <= l.per;
		error.hidden = ok;
		fill(error, ok ? '' : `Copies from 1 to 1000, starting at a label from 1 to ${l.per}.`);
		if (ok)
			open.href = pdfHref(id, l.name, n, k);
		else
			open.removeAttribute('href');
	}

	async function draw() {
		try {
			const l = await api.batchLabel(id, layout.value);
			fill(shown, preview(l));
		} catch (err) {
			// A label that cannot be right says why, in words.
			if (err instanceof ApiError && err.status === 409)
				fill(shown, h('p', { class: 'notice', 'data-label-refused': '' }, messageText('products', err.message)));
			else
				fill(shown, loadError(err, draw));
		}
	}

	layout.addEventListener('change', () => { update(); draw(); });
	copies.addEventListener('input', update);
	start.addEventListener('input', update);
	fill(head, pageHead({
		title: 'Print labels',
		back: { href: href(`batches/${id}`), text: 'Back to the batch' },
		lead: 'Choose the labels you have, how many to print and, on a sheet already partly used, the first free label (counted left to right, then down). The PDF is exact to the millimetre: print it at 100%, not “fit to page”.',
	}));
	const form = h('form', { class: 'form form--labels', 'data-labels-form': '' },
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'label-layout' }, 'Labels'), layout),
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'label-copies' }, 'How many'), copies),
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'label-start' }, 'Start at label'), start),
			error,
			h('div', { class: 'button-row' }, open));
	form.addEventListener('submit', (e) => e.preventDefault());
	fill(body, form,
		h('section', { class: 'panel', 'aria-labelledby': 'label-preview-h' },
			h('h2', { id: 'label-preview-h' }, 'One label'), shown));
	update();
	draw();
}
