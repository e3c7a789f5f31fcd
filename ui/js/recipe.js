/* recipe.js - the recipe editor on a product's page.
 *
 * What a product is made of: its lines (GET /api/v1/recipe-lines?
 * product_id=N), each a material or another product (a sub-recipe), a
 * whole quantity in a unit of the material's base (the schema's unit
 * table: kg for g, l for ml …), for each one made or for a batch that
 * makes so many, and what is expected to be lost. The rolled-up cost and
 * each line's share come from GET /api/v1/products/{id}/recipe, worked
 * out by the server (lib/recipe.c); this page does no sums of its own.
 * A viewer reads the recipe: adding and removing lines are marked
 * data-needs, hidden from a role that may not (app.css). */

import { api, ApiError } from './api.js';
import { fill, h } from './dom.js';
import { groupDigits, money } from './format.js';
import { refList } from './records.js';
import { href } from './router.js';
import { currency, loadUnits, messageNodes } from './schema.js';

const UNIT_NAMES = { g: 'g', kg: 'kg', ml: 'ml', cl: 'cl', l: 'litres', mm: 'mm', cm: 'cm', m: 'metres', pcs: 'pieces', dozen: 'dozen' };

let formCount = 0;

/* "1500 g", "2 kg", "1 Dough" for a line. */
function quantityText(line, base) {
	if (line.sub_product_id)
		return groupDigits(line.quantity);
	const unit = line.unit || base || '';
	return `${groupDigits(line.quantity)} ${UNIT_NAMES[unit] || unit}`;
}

function perText(line) {
	return line.per === 'batch' ? `a batch of ${groupDigits(line.batch_yield)}` : 'each one';
}

function field(id, label, control, hint = null) {
	const hintId = hint ? `${id}-hint` : null;
	if (hintId)
		control.setAttribute('aria-describedby', hintId);
	return h('div', { class: 'field', 'data-field': control.name },
		h('label', { class: 'field__label', for: id }, label),
		hint ? h('p', { class: 'field__hint', id: hintId }, hint) : null,
		control);
}

/* The add-a-line form: what it uses, how much, for how many, how much lost. */
function lineForm(product, materials, products, units, onAdd) {
	const n = ++formCount;
	const id = (s) => `recipe-${n}-${s}`;
	const uses = h('select', { id: id('uses'), name: 'uses', class: 'input input--select', required: true },
		h('option', { value: '' }, 'Choose…'),
		materials.length ? h('optgroup', { label: 'Materials' },
			materials.map((m) => h('option', { value: `m${m.id}` }, `${m.name} (${m.unit})`))) : null,
		products.length ? h('optgroup', { label: 'Products (a sub-recipe)' },
			products.map((p) => h('option', { value: `p${p.id}` }, p.name))) : null);
	const quantity = h('input', { id: id('qty'), name: 'quantity', class: 'input input--number', type: 'text', inputmode: 'numeric', autocomplete: 'off', required: true });
	const unit = h('select', { id: id('unit'), name: 'unit', class: 'input input--select' });
	const per = h('select', { id: id('per'), name: 'per', class: 'input input--select' },
		h('option', { value: 'unit' }, 'each one made'),
		h('option', { value: 'batch' }, 'a batch'));
	const yieldInput = h('input', { id: id('yield'), name: 'batch_yield', class: 'input input--number', type: 'text', inputmode: 'numeric', autocomplete: 'off' });
	const loss = h('input', { id: id('loss'), name: 'loss_pct', class: 'input input--number', type: 'text', inputmode: 'numeric', autocomplete: 'off', value: '0' });
	const yieldRow = field(id('yield'), 'How many one batch makes', yieldInput, 'A batch of dough for three loaves makes 3.');
	const error = h('div', { class: 'form-error', role: 'alert', 'data-recipe-error': '' });
	const button = h('button', { type: 'submit', class: 'button button--primary' }, 'Add to the recipe');

	function setUnits() {
		const v = uses.value;
		const m = v.startsWith('m') ? materials.find((x) => `m${x.id}` === v) : null;
		const names = m && units[m.unit] ? Object.keys(units[m.unit]) : [];
		fill(unit, m ? names.map((u) => h('option', { value: u, selected: u === m.unit }, UNIT_NAMES[u] || u))
			: h('option', { value: '' }, v.startsWith('p') ? 'of it (whole ones)' : '—'));
		unit.disabled = !m;
	}
	function setPer() {
		yieldRow.hidden = per.value !== 'batch';
	}
	uses.addEventListener('change', setUnits);
	per.addEventListener('change', setPer);
	setUnits();
	setPer();

	const form = h('form', { class: 'form recipe-form', 'data-recipe-form': '', novalidate: true },
		h('div', { class: 'recipe-form__fields' },
			field(id('uses'), 'Uses', uses),
			field(id('qty'), 'Quantity', quantity, 'A whole number: 1.5 kg is 1500 g.'),
			field(id('unit'), 'Unit', unit),
			field(id('per'), 'For', per),
			yieldRow,
			field(id('loss'), 'Expected loss (%)', loss, 'Trimmings, spills, what sticks to the bowl: 0 to 100.')),
		error,
		h('div', { class: 'button-row' }, button));

	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		fill(error);
		const body = { product_id: product.id, quantity: Number(quantity.value.trim()), per: per.value, loss_pct: Number(loss.value.trim() || '0') };
		if (!uses.value) {
			fill(error, h('p', {}, 'Choose the material or product it uses.'));
			uses.focus();
			return;
		}
		if (uses.value.startsWith('m')) {
			body.material_id = Number(uses.value.slice(1));
			body.unit = unit.value || null;
		} else {
			body.sub_product_id = Number(uses.value.slice(1));
		}
		if (!/^\d+$/.test(quantity.value.trim())) {
			fill(error, h('p', {}, 'Give the quantity as a whole number, in a smaller unit if need be (1500 g, not 1.5 kg).'));
			quantity.focus();
			return;
		}
		if (per.value === 'batch')
			body.batch_yield = Number(yieldInput.value.trim());
		button.setAttribute('aria-disabled', 'true');
		try {
			await onAdd(body);
		} catch (err) {
			const text = err instanceof ApiError ? messageNodes('recipe-lines', err.message, err.details) : ['It could not be added.'];
			fill(error, h('p', {}, h('strong', {}, 'Not added. '), ...text));
			const bad = err instanceof ApiError && form.querySelector(`[name="${err.field === 'material_id' || err.field === 'sub_product_id' ? 'uses' : err.field}"]`);
			(bad || uses).focus();
		} finally {
			button.removeAttribute('aria-disabled');
		}
	});
	return form;
}

/* The lines as a table, with each one's share of the cost of one; Remove
 * only for those who may delete (session.js, data-needs). */
function linesTable(lines, tree, materials, onDelete) {
	const cost = new Map((tree.lines || []).map((l) => [l.line_id, l]));
	const head = ['Uses', 'Quantity', 'For', 'Lost', 'Cost of one'];
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'recipe' },
		h('caption', { class: 'visually-hidden' }, `What ${tree.name} is made of`),
		h('thead', {}, h('tr', {}, head.map((t) => h('th', { scope: 'col' }, t)),
			h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')))),
		h('tbody', {}, lines.map((l) => {
			const m = l.material_id ? materials.byId.get(l.material_id) : null;
			const c = cost.get(l.id);
			const link = l.material_id ? href(`materials/${l.material_id}`) : href(`products/${l.sub_product_id}`);
			return h('tr', { 'data-line-id': l.id },
				h('th', { scope: 'row', 'data-label': head[0] }, h('a', { href: link }, l.name),
					l.sub_product_id ? h('span', { class: 'muted' }, ' (its recipe)') : null),
				h('td', { 'data-label': head[1], class: 'col--int' }, quantityText(l, m ? m.unit : l.base_unit)),
				h('td', { 'data-label': head[2] }, perText(l)),
				h('td', { 'data-label': head[3], class: 'col--int' }, `${l.loss_pct}%`),
				h('td', { 'data-label': head[4], class: 'col--money', 'data-line-cost': c ? c.cost : '' }, c ? money(c.cost, currency()) : '—'),
				h('td', { class: 'col--action' }, h('button', {
					type: 'button', class: 'button button--danger-quiet button--small', 'data-remove-line': l.id,
					'aria-label': `Remove ${l.name} from the recipe`, 'data-needs': 'delete',
				}, 'Remove')));
		}))));
}

/**
 * The recipe section of a product's page (recordPages' more()): the lines,
 * the cost they roll up to, and a form to add one.
 */
export function productRecipe(product, ctx) {
	const body = h('div', { class: 'recipe__body' }, h('p', { class: 'muted' }, 'Loading the recipe…'));
	const section = h('section', { class: 'panel recipe', 'aria-labelledby': 'recipe-h', 'data-section': 'recipe' },
		h('h2', { id: 'recipe-h' }, 'Recipe: what it is made of'), body);

	async function draw(message = null) {
		let lines, tree, materials, products, units;
		try {
			[lines, tree, materials, products, units] = await Promise.all([
				api.list('recipe-lines', { product_id: product.id, limit: 1000 }),
				api.recipe(product.id),
				refList('materials'),
				refList('products'),
				loadUnits(),
			]);
		} catch (err) {
			if (ctx.live())
				fill(body, h('p', { class: 'notice' }, 'The recipe could not be loaded. ', err.message || ''));
			return;
		}
		if (!ctx.live())
			return;
		const cur = currency();
		const summary = tree.material_cost_source === 'recipe'
			? h('p', { class: 'recipe__cost', 'data-recipe-cost': tree.unit_cost },
				'Materials for one: ', h('strong', {}, money(tree.unit_cost, cur)),
				', worked out from this recipe at today’s material costs. The Numbers pages use this figure.')
			: h('p', { class: 'recipe__cost', 'data-recipe-cost': '' },
				'No recipe yet, so the materials cost typed above (', money(product.material_cost, cur),
				' each) is used. Add what it is made of and the cost is worked out for you.');
		const table = lines.items.length ? linesTable(lines.items, tree, materials, null) : null;
		if (table)
			table.addEventListener('click', async (event) => {
				const b = event.target.closest('[data-remove-line]');
				if (!b)
					return;
				const line = lines.items.find((l) => String(l.id) === b.dataset.removeLine);
				b.setAttribute('aria-disabled', 'true');
				try {
					await api.remove('recipe-lines', line.id);
					await draw(`Removed ${line.name} from the recipe.`);
				} catch (err) {
					b.removeAttribute('aria-disabled');
					fill(body.querySelector('[data-recipe-note]') || body, h('p', { class: 'form-error' }, err.message));
				}
			});
		const others = products.items.filter((p) => p.id !== product.id);
		const form = lineForm(product, materials.items, others, units, async (line) => {
			const saved = await api.create('recipe-lines', line);
			await draw(`Added ${saved.name} to the recipe.`);
			const again = section.querySelector('[name="uses"]');
			if (again)
				again.focus();
		});
		fill(body,
			message ? h('p', { class: 'notice notice--success', 'data-recipe-note': '', role: 'status' },
				h('span', { 'aria-hidden': 'true' }, '✓ '), message) : h('div', { 'data-recipe-note': '' }),
			summary,
			table,
			materials.items.length === 0 && others.length === 0
				? h('p', { class: 'muted', 'data-needs': 'write' }, 'Add your materials first: ', h('a', { href: href('materials/new') }, 'add a material'), '.')
				: h('div', { class: 'subform', 'data-needs': 'write' }, h('h3', {}, 'Add a line'), form));
		if (message)
			ctx.announce(message);
	}
	draw();
	return section;
}
