/* purchases.js - goods in: what was ordered from suppliers and what came.
 *
 * #/purchases lists them (supplier, date, status, total); #/purchases/new
 * starts one; #/purchases/:id is one purchase: its lines (a material, a
 * whole quantity in one of its purchase units, a standard unit of its base
 * or the base itself, the line's price, the supplier's lot code and
 * best-before when known), a form to add a line, and Receive: everything
 * still to come, or per line a part, each with the lot code and date of
 * what came (POST /api/v1/purchases/{id}/receive). After a receipt the
 * page shows the lots it made and each material's stock and cost as the
 * server now has them (weighted average, lib/goods-in.c); this page does
 * no sums of its own beyond what is still to come on a line. An error the
 * server names a field for ("lines[1].quantity") goes beside that field. */

import { api, ApiError } from './api.js';
import { fill, h, listNodes, sentence } from './dom.js';
import { buildForm } from './forms.js';
import { count, dateText, groupDigits, isDate, money, parseWhole, today } from './format.js';
import { badge, emptyState, facts, linkButton, loadError, loading, pageHead } from './page.js';
import { deleteControl, prefill, listView, refList } from './records.js';
import { href } from './router.js';
import {
	currency, linkRecords, loadSettings, loadUnits, messageText, resourceSchema, STATUS_TEXT,
} from './schema.js';

const UNIT_NAMES = { g: 'g', kg: 'kg', ml: 'ml', cl: 'cl', l: 'litres', mm: 'mm', cm: 'cm', m: 'metres', pcs: 'pieces', dozen: 'dozen' };

function fieldsByName(schema, names) {
	return names.map((n) => schema.fields.find((f) => f.name === n)).filter((f) => f && !f.read_only);
}

/* "16,000 g", "12 pieces". */
export function amountText(n, unit) {
	const name = UNIT_NAMES[unit] || unit;
	return `${groupDigits(n)} ${n === 1 && /^(litres|metres|pieces)$/.test(name) ? name.slice(0, -1) : name}`;
}

/** What one costs in words: "£1.21 per 1,000 g", "£0.12 each". */
export function costText(material) {
	const cur = currency();
	if (material.unit === 'pcs')
		return material.cost_per === 1 ? `${money(material.cost_per_unit, cur)} each`
			: `${money(material.cost_per_unit, cur)} per ${groupDigits(material.cost_per)}`;
	return `${money(material.cost_per_unit, cur)} per ${amountText(material.cost_per, material.unit)}`;
}

/* Is unit one of the standard units (kg, l, m, dozen) rather than a purchase unit? */
function standardUnit(units, base, unit) {
	return Boolean(units[base] && unit in units[base]);
}

/* "2 × sack (32,000 g)", "3 kg (3,000 g)", "500 g": a line's quantity. */
function orderedText(line, units) {
	if (!line.unit || line.unit === line.base_unit)
		return amountText(line.quantity, line.base_unit);
	const what = standardUnit(units, line.base_unit, line.unit)
		? amountText(line.quantity, line.unit) : `${groupDigits(line.quantity)} × ${line.unit}`;
	return `${what} (${amountText(line.base_qty, line.base_unit)})`;
}

/* What is still to come on a line in its own unit (the receipt counts in
 * it): a whole number, or null when what came does not divide into it
 * (the line was changed after part of it came). BigInt: quantity × base
 * quantity may pass 2^53. */
function toComeInUnit(line) {
	const rest = BigInt(line.base_qty - line.received_qty);
	const q = BigInt(line.quantity);
	const base = BigInt(line.base_qty);
	return (rest * q) % base === 0n ? Number((rest * q) / base) : null;
}

/* The name of a line's unit for a label: "sacks" would be a guess. */
function unitLabel(line) {
	return line.unit && line.unit !== line.base_unit ? line.unit : (UNIT_NAMES[line.base_unit] || line.base_unit);
}

function statusBadge(status) {
	return badge(STATUS_TEXT.purchases[status] || status, `status-${status}`);
}

/* A control with its label, hint and a place for its error. */
function fieldRow(id, label, control, hint = null) {
	const hintId = hint ? `${id}-hint` : null;
	const errorId = `${id}-error`;
	const error = h('p', { class: 'field__error', id: errorId, hidden: true });
	if (hintId)
		control.setAttribute('aria-describedby', hintId);
	const node = h('div', { class: 'field', 'data-field': control.name },
		h('label', { class: 'field__label', for: id }, label),
		hint ? h('p', { class: 'field__hint', id: hintId }, hint) : null,
		control, error);
	return {
		node,
		control,
		setError(message) {
			if (message) {
				fill(error, h('span', { class: 'field__error-mark', 'aria-hidden': 'true' }, '!'), ' ', h('span', {}, message));
				error.hidden = false;
				control.setAttribute('aria-invalid', 'true');
				control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
				node.classList.add('field--invalid');
			} else {
				fill(error);
				error.hidden = true;
				control.removeAttribute('aria-invalid');
				if (hintId)
					control.setAttribute('aria-describedby', hintId);
				else
					control.removeAttribute('aria-describedby');
				node.classList.remove('field--invalid');
			}
		},
	};
}

/* ---- the list ------------------------------------------------------------ */

/** #/purchases: every purchase, newest ordered first, with filters. */
export function mountPurchases(view, ctx) {
	listView(view, ctx, 'purchases', {
		title: 'Purchases',
		lead: 'What you ordered from your suppliers and what of it has come. Receiving goods adds them to stock lot by lot and sets each material’s cost.',
		actions: [
			linkButton('New purchase', href('purchases/new')),
			linkButton('What to buy', href('to-buy'), 'secondary'),
		],
	});
}

/* ---- a new one ------------------------------------------------------------- */

/** #/purchases/new: the supplier and dates; its lines go on its own page. */
export async function mountPurchaseNew(view, ctx) {
	const body = h('div', { class: 'form-page' }, loading('the form'));
	fill(view, pageHead({
		title: 'New purchase',
		lead: 'Who you ordered from and when. On the next page, add each material you ordered, how much and the price.',
		back: { href: href('purchases'), text: 'Purchases' },
		flash: ctx.flash,
	}), body);
	try {
		const [schema, suppliers] = await Promise.all([resourceSchema('purchases'), refList('suppliers'), loadSettings()]);
		if (!ctx.live())
			return;
		const form = buildForm({
			resource: 'purchases',
			fields: fieldsByName(schema, ['supplier_id', 'ordered_on', 'expected_on', 'reference', 'notes']),
			values: prefill(schema, ctx.query),
			options: { supplier_id: suppliers.options },
			mode: 'create',
			submitLabel: 'Start the purchase',
			onSubmit: async (out) => {
				const saved = await api.create('purchases', out);
				ctx.go(href(`purchases/${saved.id}`), { flash: `Purchase ${saved.id} started. Now add what you ordered.` });
			},
		});
		fill(body,
			suppliers.items.length === 0
				? h('p', { class: 'notice' }, 'No suppliers yet. ',
					h('a', { href: href('suppliers/new', { return: 'purchases/new', as: 'supplier_id' }) }, 'Add the supplier'),
					' first to choose them here, or leave it at “None” for a shop or a market.')
				: null,
			form.form);
	} catch (err) {
		if (ctx.live())
			fill(body, loadError(err, () => ctx.reload()));
	}
}

/* ---- one purchase ------------------------------------------------------------ */

/* The unit choices for a material: its own unit, the standard ones of it
 * and the purchase units it has, as [{value, label}] ('' is its own). */
function unitChoices(material, units, purchaseUnits) {
	if (!material)
		return [{ value: '', label: '—' }];
	const base = material.unit;
	const out = [{ value: '', label: `${UNIT_NAMES[base] || base} (its own unit)` }];
	for (const [name, factor] of Object.entries(units[base] || {}))
		if (name !== base)
			out.push({ value: name, label: `${UNIT_NAMES[name] || name} (${amountText(factor, base)})` });
	for (const u of purchaseUnits.filter((x) => x.material_id === material.id))
		out.push({ value: u.name, label: `${u.name} (${amountText(u.base_qty, base)})` });
	return out;
}

/* The form for a new line: the schema's fields, its unit a choice that
 * follows the material. */
function lineForm(d, schema, onAdd) {
	const options = d.materials.items.map((m) => ({ value: m.id, label: `${m.name} (${m.unit})` }));
	const form = buildForm({
		resource: 'purchase-lines',
		fields: fieldsByName(schema, ['material_id', 'quantity', 'unit', 'price', 'lot', 'expires_on']),
		values: {},
		options: { material_id: options },
		mode: 'create',
		submitLabel: 'Add to the purchase',
		hints: { unit: 'Sacks, packs and rolls are added on the material’s page.' },
		onSubmit: onAdd,
	});
	const row = form.rows.get('unit');
	const material = form.input('material_id');
	const select = h('select', { id: row.input.id, name: 'unit', class: 'input input--select', 'aria-describedby': row.input.getAttribute('aria-describedby') });
	row.input.replaceWith(select);
	row.input = select;
	const setUnits = () => {
		const m = d.materials.byId.get(Number(material.value));
		const keep = select.value;
		const choices = unitChoices(m, d.units, d.purchaseUnits);
		// A material bought in packs starts at its pack's unit.
		const pack = m && m.pack_size ? d.purchaseUnits.find((u) => u.material_id === m.id && u.base_qty === m.pack_size) : null;
		const pick = choices.some((c) => c.value === keep) && keep !== '' ? keep : pack ? pack.name : '';
		fill(select, choices.map((c) => h('option', { value: c.value, selected: c.value === pick }, c.label)));
		select.disabled = !m;
		row.start = select.value;
	};
	material.addEventListener('change', setUnits);
	setUnits();
	return form;
}

/* The lines as a table: what, how much, the price, lot and date, what came. */
function linesTable(d, onRemoved) {
	const cur = currency();
	const head = ['Material', 'Ordered', 'Price', 'Supplier’s lot', 'Best before', 'Came'];
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'purchase-lines' },
		h('caption', { class: 'visually-hidden' }, `What purchase ${d.purchase.id} is for`),
		h('thead', {}, h('tr', {}, head.map((t, i) => h('th', { scope: 'col', class: i === 2 ? 'col--money' : null }, t)),
			h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')))),
		h('tbody', {}, d.lines.map((l) => {
			const whole = l.received_qty >= l.base_qty;
			const lots = d.lotsOf.get(l.id) || [];
			const came = l.received_qty === 0
				? [badge('To come', 'plain'), ' ', h('span', { class: 'muted' }, `nothing yet of ${amountText(l.base_qty, l.base_unit)}`)]
				: [badge(whole ? 'All came' : 'Part came', whole ? 'status-received' : 'status-part_received'), ' ',
					`${groupDigits(l.received_qty)} of ${amountText(l.base_qty, l.base_unit)}`,
					lots.length ? [lots.length === 1 ? ', lot ' : ', lots ', listNodes(lots.map((x) =>
						h('a', { href: href(`material-lots/${x.id}`), class: 'code', 'data-line-lot-id': x.id }, x.lot || `${x.id} (no code)`)))] : null];
			return h('tr', { 'data-line-id': l.id, 'data-received': l.received_qty },
				h('th', { scope: 'row', 'data-label': head[0] }, h('a', { href: href(`materials/${l.material_id}`) }, l.material_name)),
				h('td', { 'data-label': head[1] }, orderedText(l, d.units)),
				h('td', { 'data-label': head[2], class: 'col--money' }, money(l.price, cur)),
				h('td', { 'data-label': head[3] }, l.lot ? h('span', { class: 'code' }, l.lot) : h('span', { class: 'muted' }, 'not known yet')),
				h('td', { 'data-label': head[4] }, l.expires_on ? dateText(l.expires_on) : h('span', { class: 'muted' }, '—')),
				h('td', { 'data-label': head[5], 'data-came': '' }, h('span', {}, came)),
				h('td', { class: 'col--action' }, l.received_qty === 0 ? deleteControl({
					what: 'line',
					resource: 'purchase-lines',
					small: true,
					verb: 'Remove',
					refusal: 'Not removed. ',
					label: `Remove ${l.material_name} from the purchase`,
					ask: `Remove ${l.material_name} from this purchase?`,
					onDelete: async () => {
						await api.remove('purchase-lines', l.id);
						await onRemoved(l);
					},
				}) : null));
		}))));
}

/* The server's names for what a receipt sends, in this form's words:
 * "lines[0].lot must be 1 to 100 bytes long" -> "The lot code must be …". */
const RECEIVE_WORDS = {
	quantity: 'how many came',
	lot: 'the lot code',
	expires_on: 'the best-before date',
	line_id: 'this line',
	received_on: 'the day it came',
};

function receiveMessage(message) {
	return sentence(String(message).replace(/lines\[\d+\]\.(\w+)|\breceived_on\b/g,
		(all, name) => RECEIVE_WORDS[name || 'received_on'] || all));
}

/*
 * The receive form: the day it came, then each line with something still
 * to come, ticked, with how much came (all that is still to come to start
 * with), its lot code and date. Sent as it stands, it receives everything.
 * onReceive(body) is async and throws the server's ApiError.
 */
function receiveForm(d, onReceive) {
	const prefix = `receive-${d.purchase.id}`;
	const date = h('input', { id: `${prefix}-date`, name: 'received_on', type: 'date', class: 'input input--date', value: d.today, required: true });
	const dateRow = fieldRow(`${prefix}-date`, 'The day it came', date);
	const open = d.lines.filter((l) => l.received_qty < l.base_qty);
	const rows = open.map((l) => {
		const id = `${prefix}-${l.id}`;
		const rest = toComeInUnit(l);
		const tick = h('input', { id: `${id}-came`, type: 'checkbox', class: 'checkbox', name: `came-${l.id}`, checked: true, 'data-came': l.id });
		const qty = h('input', {
			id: `${id}-qty`, name: 'quantity', type: 'text', inputmode: 'numeric', class: 'input input--number', autocomplete: 'off',
			value: rest === null ? '' : String(rest), 'data-line-qty': l.id,
		});
		const lot = h('input', { id: `${id}-lot`, name: 'lot', type: 'text', class: 'input', autocomplete: 'off', value: l.lot || '', 'data-line-lot': l.id });
		const expires = h('input', { id: `${id}-exp`, name: 'expires_on', type: 'date', class: 'input input--date', value: l.expires_on || '', 'data-line-expires': l.id });
		const restText = rest === null ? amountText(l.base_qty - l.received_qty, l.base_unit)
			: l.unit && l.unit !== l.base_unit ? `${groupDigits(rest)} ${standardUnit(d.units, l.base_unit, l.unit) ? (UNIT_NAMES[l.unit] || l.unit) : `× ${l.unit}`} (${amountText(l.base_qty - l.received_qty, l.base_unit)})`
				: amountText(rest, l.base_unit);
		const r = {
			line: l,
			rest,
			tick,
			qty: fieldRow(`${id}-qty`, `How many came (${unitLabel(l)})`, qty,
				rest === null ? 'Leave empty for all that is still to come.' : null),
			lot: fieldRow(`${id}-lot`, 'Lot code', lot),
			expires: fieldRow(`${id}-exp`, 'Best before', expires),
			error: h('p', { class: 'field__error', hidden: true }),
		};
		const fields = h('div', { class: 'receive-line__fields' }, r.qty.node, r.lot.node, r.expires.node);
		r.node = h('fieldset', { class: 'receive-line', 'data-receive-line': l.id },
			h('legend', { class: 'receive-line__legend' }, `${l.material_name}: ${restText} still to come`),
			h('div', { class: 'field field--check' }, tick, h('label', { class: 'field__label', for: tick.id }, 'It came')),
			r.error, fields);
		tick.addEventListener('change', () => {
			fields.hidden = !tick.checked;
		});
		return r;
	});
	const formError = h('div', { class: 'form-error', role: 'alert', 'data-form-error': '' });
	const submit = h('button', { type: 'submit', class: 'button button--primary', 'data-receive': '' }, 'Receive what came');
	const form = h('form', { class: 'form receive', novalidate: true, 'data-receive-form': '' },
		h('p', { class: 'field__hint' }, open.length === 1
			? 'As it stands this receives all that is still to come. If only part came, change how many.'
			: 'As it stands this receives everything still to come. Untick what did not come, or change how many came.'),
		dateRow.node, rows.map((r) => r.node), formError,
		h('div', { class: 'button-row form__actions' }, submit));

	function clear() {
		fill(formError);
		dateRow.setError(null);
		for (const r of rows) {
			r.qty.setError(null);
			r.lot.setError(null);
			r.expires.setError(null);
			r.error.hidden = true;
			fill(r.error);
		}
	}

	/* The server's error beside what it names: received_on, lines[i].… */
	function showServerError(err, sent) {
		const e = err instanceof ApiError ? err : null;
		const text = e ? linkRecords(receiveMessage(e.message), e.details) : ['It could not be received. Try again.'];
		const m = e && e.field ? /^lines\[(\d+)\](?:\.(\w+))?$/.exec(e.field) : null;
		let target = null;
		if (e && e.field === 'received_on') {
			dateRow.setError(text);
			target = date;
		} else if (m && sent[Number(m[1])]) {
			const r = sent[Number(m[1])];
			const which = { quantity: r.qty, lot: r.lot, expires_on: r.expires }[m[2]];
			if (which) {
				which.setError(text);
				target = which.control;
			} else {
				fill(r.error, h('span', { class: 'field__error-mark', 'aria-hidden': 'true' }, '!'), ' ', h('span', {}, text));
				r.error.hidden = false;
				target = r.tick;
			}
		}
		fill(formError, h('p', {}, h('strong', {}, 'Nothing was received. '), ...text));
		(target || submit).focus();
	}

	let busy = false;
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		if (busy)
			return;
		clear();
		const body = {};
		const sent = [];
		let bad = null;
		const fail = (row, message) => {
			row.setError(message);
			bad = bad || row.control;
		};
		if (!isDate(date.value.trim()))
			fail(dateRow, 'Enter the day it came.');
		else
			body.received_on = date.value.trim();
		body.lines = [];
		for (const r of rows) {
			if (!r.tick.checked)
				continue;
			const line = { line_id: r.line.id };
			const q = r.qty.control.value.trim();
			if (q !== '') {
				const p = parseWhole(q);
				if (p.error)
					fail(r.qty, p.error);
				else if (p.value < 1)
					fail(r.qty, 'Enter how many came, 1 or more, or untick the line.');
				else if (r.rest !== null && p.value > r.rest)
					fail(r.qty, `Only ${groupDigits(r.rest)} ${r.rest === 1 ? 'is' : 'are'} still to come on this line.`);
				else
					line.quantity = p.value;
			} else if (r.rest !== null) {
				fail(r.qty, 'Enter how many came, or untick the line.');
			}
			const lot = r.lot.control.value.trim();
			line.lot = lot === '' ? null : lot;
			const exp = r.expires.control.value.trim();
			if (exp !== '' && !isDate(exp))
				fail(r.expires, 'Enter the whole date: day, month and year.');
			line.expires_on = exp === '' ? null : exp;
			body.lines.push(line);
			sent.push(r);
		}
		if (bad) {
			fill(formError, h('p', {}, h('strong', {}, 'Nothing was received yet. '), 'Check the fields marked.'));
			bad.focus();
			return;
		}
		if (body.lines.length === 0) {
			fill(formError, h('p', {}, h('strong', {}, 'Nothing was received. '), 'Tick at least one line that came.'));
			(rows[0] ? rows[0].tick : submit).focus();
			return;
		}
		busy = true;
		submit.setAttribute('aria-disabled', 'true');
		submit.textContent = 'Receiving…';
		try {
			await onReceive(body);
		} catch (err) {
			showServerError(err, sent);
		} finally {
			busy = false;
			submit.removeAttribute('aria-disabled');
			submit.textContent = 'Receive what came';
		}
	});
	return form;
}

/* What the last receipt made: its lots, and each material's stock and cost now. */
function receiptPanel(receipt, materials) {
	const cur = currency();
	const head = ['Material', 'Lot code', 'Came', 'Best before', 'Cost'];
	const lots = h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'lots-made' },
		h('caption', { class: 'visually-hidden' }, 'The lots this delivery made'),
		h('thead', {}, h('tr', {}, head.map((t, i) => h('th', { scope: 'col', class: i === 4 ? 'col--money' : i === 2 ? 'col--int' : null }, t)))),
		h('tbody', {}, receipt.lots.map((l) => h('tr', { 'data-lot-id': l.id },
			h('th', { scope: 'row', 'data-label': head[0] }, l.material_name),
			h('td', { 'data-label': head[1] }, h('a', { href: href(`material-lots/${l.id}`) }, l.lot || `lot ${l.id}`)),
			h('td', { 'data-label': head[2], class: 'col--int' }, amountText(l.quantity, l.unit)),
			h('td', { 'data-label': head[3] }, l.expires_on ? dateText(l.expires_on) : h('span', { class: 'muted' }, 'none')),
			h('td', { 'data-label': head[4], class: 'col--money' }, money(l.cost, cur)))))));
	const stock = h('ul', { class: 'linked-list', 'data-stock-now': '' }, materials.map((m) => h('li', {
		class: 'linked-list__item', 'data-material-id': m.id, 'data-on-hand': m.on_hand, 'data-cost': `${m.cost_per_unit}/${m.cost_per}`,
	},
	h('a', { href: href(`materials/${m.id}`) }, m.name),
	h('span', { class: 'linked-list__facts' }, `${amountText(m.on_hand, m.unit)} in stock, costing ${costText(m)}`))));
	return h('section', { class: 'panel receipt', 'aria-labelledby': 'receipt-h', 'data-section': 'received', tabindex: '-1' },
		h('h2', { id: 'receipt-h' }, 'What came'),
		h('p', { class: 'notice notice--success', role: 'status' },
			h('span', { class: 'notice__mark', 'aria-hidden': 'true' }, '✓ '),
			`Received on ${dateText(receipt.purchase.received_on)}: ${count(receipt.lots.length, 'lot')} added to stock.`),
		lots,
		h('h3', {}, 'Stock and cost now'),
		h('p', { class: 'muted' }, 'Each material’s cost is the average of what was in stock and what came, weighted by quantity.'),
		stock);
}

/** #/purchases/:id: one purchase, its lines, adding one, and receiving. */
export async function mountPurchase(view, ctx) {
	const id = Number(ctx.params.id);
	const head = h('div');
	const body = h('div', { class: 'detail' }, loading('the purchase'));
	fill(view, head, body);
	fill(head, pageHead({ title: `Purchase ${id}`, back: { href: href('purchases'), text: 'Purchases' }, flash: ctx.flash }));

	let schemas;
	try {
		await loadSettings();
		schemas = {
			purchases: await resourceSchema('purchases'),
			lines: await resourceSchema('purchase-lines'),
		};
	} catch (err) {
		if (ctx.live())
			fill(body, loadError(err, () => ctx.reload()));
		return;
	}

	async function fetchAll() {
		const [purchase, lines, materials, suppliers, units, purchaseUnits] = await Promise.all([
			api.get('purchases', id),
			api.list('purchase-lines', { purchase_id: id, limit: 1000 }),
			refList('materials'),
			refList('suppliers'),
			loadUnits(),
			api.list('material-units', { limit: 1000 }),
		]);
		// The lots each line's goods made, to name them beside the line.
		const came = lines.items.filter((l) => l.received_qty > 0);
		const lots = await Promise.all(came.map((l) => api.list('material-lots', { purchase_line_id: l.id, limit: 100 })));
		const lotsOf = new Map(came.map((l, i) => [l.id, lots[i].items]));
		return { purchase, lines: lines.items, lotsOf, materials, suppliers, units, purchaseUnits: purchaseUnits.items, today: today() };
	}

	async function load(focus = null, message = null, receipt = null) {
		let d;
		try {
			d = await fetchAll();
			if (receipt) {
				const ids = [...new Set(receipt.lots.map((l) => l.material_id))];
				d.after = await Promise.all(ids.map((m) => api.get('materials', m)));
			}
		} catch (err) {
			if (!ctx.live())
				return;
			if (err.status === 404)
				fill(body, h('p', { class: 'notice' }, `There is no purchase ${id}. It may have been deleted. `,
					h('a', { href: href('purchases') }, 'See all purchases'), '.'));
			else
				fill(body, loadError(err, () => load()));
			return;
		}
		if (ctx.live())
			draw(d, focus, message, receipt);
	}

	function sectionNote(key, focus, message) {
		return focus === key && message
			? h('p', { class: 'notice notice--success', 'data-section-message': '', role: 'status' },
				h('span', { 'aria-hidden': 'true' }, '✓ '), message)
			: null;
	}

	function draw(d, focus, message, receipt) {
		const p = d.purchase;
		const cur = currency();
		const supplier = p.supplier_id ? d.suppliers.byId.get(p.supplier_id) : null;
		const title = `Purchase ${p.id}${p.supplier_name ? ` from ${p.supplier_name}` : ''}`;
		ctx.setTitle(title);
		fill(head, pageHead({
			title,
			back: { href: href('purchases'), text: 'Purchases' },
			flash: focus ? null : ctx.flash,
		}));
		head.querySelector('.page-head__row').after(h('p', { class: 'page-head__badges', 'data-purchase-status': p.status },
			statusBadge(p.status)));

		const open = p.status !== 'cancelled' && d.lines.some((l) => l.received_qty < l.base_qty);
		const numbers = h('section', { class: 'panel', 'aria-labelledby': 'purchase-facts-h', 'data-purchase-facts': '' },
			h('h2', { id: 'purchase-facts-h' }, 'The purchase'),
			facts([
				['Supplier', supplier ? h('a', { href: href(`suppliers/${supplier.id}`) }, supplier.name) : 'none (a shop or market)'],
				['Status', statusBadge(p.status)],
				['Ordered on', p.ordered_on ? dateText(p.ordered_on) : null],
				['Expected on', p.expected_on ? dateText(p.expected_on) : null],
				['Last came on', p.received_on ? dateText(p.received_on) : null],
				['Their reference', p.reference],
				['Total', h('strong', { 'data-total': p.total }, money(p.total, cur))],
				['Notes', p.notes],
			], 'facts--grid'));

		/* What it is for, and a line more. */
		let addForm = null;
		if (p.status === 'cancelled') {
			addForm = h('p', { class: 'notice' }, 'This purchase is cancelled. Set it back to ordered (below) to add to it.');
		} else if (d.materials.items.length === 0) {
			addForm = emptyState({
				title: 'No materials to choose from',
				text: 'Add the material first, with the unit you count it in, then add it to this purchase.',
				action: linkButton('Add a material', href('materials/new', { return: `purchases/${id}` }), 'secondary'),
			});
		} else {
			const f = lineForm(d, schemas.lines, async (out) => {
				const saved = await api.create('purchase-lines', { purchase_id: id, ...out });
				const text = `Added ${orderedText(saved, d.units)} of ${saved.material_name}.`;
				ctx.announce(text);
				await load('lines', text);
			});
			addForm = h('div', { class: 'subform', 'data-needs': 'write', 'data-add-line': '' },
				h('h3', {}, d.lines.length ? 'Add another line' : 'Add what you ordered'), f.form);
		}
		const lines = h('section', { class: 'panel', 'aria-labelledby': 'purchase-lines-h', 'data-section': 'lines' },
			h('h2', { id: 'purchase-lines-h' }, 'What it is for'),
			sectionNote('lines', focus, message),
			d.lines.length ? linesTable(d, async (l) => load('lines', `Removed ${l.material_name} from the purchase.`))
				: h('p', { class: 'muted', 'data-no-lines': '' }, 'Nothing on this purchase yet.'),
			addForm);

		/* Receive. */
		let receive = null;
		if (open) {
			receive = h('section', { class: 'panel', 'aria-labelledby': 'purchase-receive-h', 'data-section': 'receive', 'data-needs': 'write' },
				h('h2', { id: 'purchase-receive-h' }, 'Receive'),
				sectionNote('receive', focus, message),
				receiveForm(d, async (rbody) => {
					const res = await api.receive(id, rbody);
					ctx.announce(`Received: ${count(res.lots.length, 'lot')} added to stock.`);
					await load('received', null, res);
				}));
		} else if (p.status !== 'cancelled' && d.lines.length) {
			receive = h('section', { class: 'panel', 'aria-labelledby': 'purchase-receive-h', 'data-section': 'receive' },
				h('h2', { id: 'purchase-receive-h' }, 'Receive'),
				h('p', { 'data-all-came': '' }, 'Everything on this purchase has come. Its lots are on each material’s page.'));
		}

		/* Its supplier and dates, changed; cancelled or ordered again. */
		const headerForm = buildForm({
			resource: 'purchases',
			fields: fieldsByName(schemas.purchases, ['supplier_id', 'ordered_on', 'expected_on', 'reference', 'notes']),
			values: p,
			options: { supplier_id: d.suppliers.options },
			mode: 'edit',
			submitLabel: 'Save changes',
			onSubmit: async (out, { changed }) => {
				if (!changed) {
					await load('details', 'Nothing changed, so nothing was saved.');
					return;
				}
				await api.update('purchases', id, out);
				ctx.announce('Saved.');
				await load('details', 'Saved.');
			},
		});
		const anyCame = d.lines.some((l) => l.received_qty > 0);
		let statusControl = null;
		if (!anyCame) {
			const cancel = p.status !== 'cancelled';
			const button = h('button', { type: 'button', class: cancel ? 'button button--danger-quiet' : 'button button--secondary', 'data-set-status': cancel ? 'cancelled' : 'ordered' },
				cancel ? 'Cancel this purchase' : 'Set it back to ordered');
			const err = h('div', { class: 'form-error', role: 'alert' });
			button.addEventListener('click', async () => {
				fill(err);
				button.setAttribute('aria-disabled', 'true');
				try {
					await api.update('purchases', id, { status: cancel ? 'cancelled' : 'ordered' });
					await load('details', cancel ? 'Purchase cancelled. Nothing on it counts as on order now.' : 'Set back to ordered.');
				} catch (e) {
					button.removeAttribute('aria-disabled');
					fill(err, h('p', {}, h('strong', {}, 'Not changed. '), e instanceof ApiError ? messageText('purchases', e.message) : 'Try again.'));
				}
			});
			statusControl = h('div', { class: 'button-row', 'data-needs': 'write' }, button, err);
		}
		const details = h('section', { class: 'panel', 'aria-labelledby': 'purchase-details-h', 'data-section': 'details' },
			h('h2', { id: 'purchase-details-h' }, 'Supplier and dates'),
			sectionNote('details', focus, message),
			h('details', { class: 'purchase-edit', open: focus === 'details' },
				h('summary', {}, 'Change the supplier, dates or reference'),
				headerForm.form),
			statusControl);

		const danger = h('section', { class: 'danger-zone', 'aria-label': 'Delete this purchase' },
			deleteControl({
				what: 'purchase',
				resource: 'purchases',
				onDelete: async () => {
					await api.remove('purchases', id);
					ctx.go(href('purchases'), { flash: `Deleted purchase ${id}.` });
				},
			}));

		fill(body,
			receipt ? receiptPanel(receipt, d.after || []) : null,
			receive
				? h('div', { class: 'detail__grid' },
					h('div', { class: 'detail__col' }, numbers),
					h('div', { class: 'detail__col' }, receive))
				: numbers,
			lines,
			details,
			danger);

		if (focus === 'received') {
			const panel = body.querySelector('[data-section="received"]');
			panel.focus({ preventScroll: true });
			panel.scrollIntoView({ block: 'start' });
		} else if (focus) {
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

/** The purchases a to-buy order made, as links: "Purchase 3 from Shipton Mill (£20.00)". */
export function purchaseLinks(items) {
	const cur = currency();
	return listNodes(items.map((p) => h('a', { href: href(`purchases/${p.id}`), 'data-purchase-id': p.id },
		`Purchase ${p.id}${p.supplier_name ? ` from ${p.supplier_name}` : ', no supplier yet'} (${money(p.total, cur)})`)));
}
