/* batch-done.js - "Mark it done" for a batch or a custom order: what its
 * recipe takes from stock, lot by lot (GET …/consumption), the lots and
 * quantities the maker may change, short stock said plainly with the
 * choice to stop or to go below zero, and POST …/done; and, once a batch
 * is done, what it really cost beside the estimate
 * (GET /batches/{id}/cost). doc/API.md section 15a. */

import { api } from './api.js';
import { fill, h } from './dom.js';
import { groupDigits, money, dateText } from './format.js';
import { badge, loadError, loading } from './page.js';
import { currency, messageText } from './schema.js';

const qty = (n, unit) => `${groupDigits(n)} ${unit}`;

/* A whole number from 0 up, from an input; null when it is not one. */
function whole(input) {
	const t = input.value.trim();
	return /^\d{1,10}$/.test(t) ? Number(t) : null;
}

function numberInput(id, value, label) {
	return h('input', {
		id, class: 'input input--number', type: 'number', min: 0, step: 1,
		inputmode: 'numeric', value: String(value), 'aria-label': label,
	});
}

/*
 * What differs between a batch and an order: the calls, whether the maker
 * says how many were made (an order takes its quantity), and the words.
 */
const MAKERS = {
	batches: {
		consumption: (b, made) => api.batchConsumption(b.id, made),
		done: (b, body) => api.batchDone(b.id, body),
		counts: true,
		done_words: (answer) => `Batch ${answer.batch.code} is done.`,
		intro: 'Its recipe’s materials come off their lots, the first to expire first (never one past its date), and are recorded with their lots for the trace. Change the lots or quantities before you confirm.',
	},
	orders: {
		consumption: (o) => api.orderConsumption(o.id),
		done: (o, body) => api.orderDone(o.id, body),
		counts: false,
		done_words: (answer) => `Order “${answer.order.title}” is done.`,
		intro: 'Its product’s recipe, for the quantity ordered, comes off the lots, the first to expire first (never one past its date), and is recorded with the lots for the trace. Change the lots or quantities before you confirm.',
	},
};

/**
 * The "Mark it done" panel of b, a batch's or an order's record (kind
 * "batches" or "orders"). onDone(answer) is called once the server marked
 * it done; announce(text) speaks a change.
 */
export function donePanel(b, { kind = 'batches', onDone, announce }) {
	const maker = MAKERS[kind];
	const made = maker.counts ? numberInput('done-made', b.made_qty > 0 ? b.made_qty : b.planned_qty, 'Made') : null;
	const rejected = maker.counts ? numberInput('done-rejected', b.rejected_qty, 'Rejected') : null;
	const lines = h('div', { 'data-done-lines': '' });
	const verdict = h('div', { 'data-done-verdict': '', 'aria-live': 'polite' });
	const problem = h('p', { class: 'notice notice--error', role: 'alert', hidden: true, 'data-done-error': '' });
	let plan = null; /* the proposal, with its inputs */

	function stock(line) {
		/* Every input of one material: its lots', then the one of no lot. */
		return line.inputs.map(({ input, lot }) => ({ lot, n: whole(input) }));
	}

	/* What the inputs say, per material: taken, and short (beyond what
	 * its lots and loose stock hold). null when an input is not a number. */
	function tally() {
		const out = [];
		for (const line of plan.lines) {
			let taken = 0;
			let beyond = 0;
			for (const { lot, n } of stock(line)) {
				if (n === null)
					return null;
				taken += n;
				if (lot === null && n > line.loose)
					beyond = n - line.loose;
			}
			out.push({ line, taken, beyond });
		}
		return out;
	}

	function overLots() {
		/* A lot asked for more than it holds: said at once. */
		for (const line of plan.lines)
			for (const { input, lot } of line.inputs)
				if (lot && whole(input) !== null && whole(input) > lot.remaining)
					return `Lot ${lot.lot || lot.lot_id} of ${line.name} holds ${qty(lot.remaining, line.unit)}, not ${qty(whole(input), line.unit)}.`;
		return null;
	}

	const doneButton = h('button', { type: 'button', class: 'button button--primary', 'data-done-submit': '' }, 'Mark it done');
	const belowButton = h('button', { type: 'button', class: 'button button--secondary', 'data-done-below': '', hidden: true },
		'Mark it done anyway, below zero');
	const stopButton = h('button', { type: 'button', class: 'button button--secondary', 'data-done-stop': '', hidden: true },
		'Don’t mark it done');

	function judge() {
		problem.hidden = true;
		if (!plan)
			return;
		const t = tally();
		const over = overLots();
		if (!t || over) {
			fill(verdict, h('p', { class: 'field__error', role: 'alert' },
				over || 'Each quantity is a whole number, 0 or more.'));
			doneButton.disabled = true;
			belowButton.hidden = true;
			stopButton.hidden = true;
			return;
		}
		const short = t.filter((x) => x.beyond > 0);
		const less = t.filter((x) => x.taken < x.line.want);
		doneButton.disabled = false;
		belowButton.hidden = short.length === 0;
		stopButton.hidden = short.length === 0;
		doneButton.hidden = short.length > 0;
		fill(verdict,
			short.length ? h('div', { class: 'notice notice--warning', 'data-done-short': '' },
				h('p', {}, h('strong', {}, 'Not enough in stock. ')),
				h('ul', {}, short.map(({ line, beyond }) => h('li', {},
					`${line.name}: ${qty(beyond, line.unit)} more than there is. It needs ${qty(line.want, line.unit)}; ${qty(line.usable, line.unit)} can be used.`))),
				h('p', {}, 'You can stop and record the goods that came in first, or mark it done anyway: stock then goes below zero, and the batch says so until you count it or the goods come.'))
				: null,
			less.length ? h('p', { class: 'muted', 'data-done-less': '' },
				`Less than the recipe: ${less.map(({ line, taken }) => `${line.name} ${qty(taken, line.unit)} of ${qty(line.want, line.unit)}`).join('; ')}.`)
				: null);
	}

	function lineNode(l) {
		const inputs = [];
		const rows = l.lots.map((lot) => {
			const pick = l.picks.find((p) => p.lot_id === lot.lot_id);
			const id = `done-lot-${lot.lot_id}`;
			const input = numberInput(id, pick ? pick.quantity : 0, `${l.name}, lot ${lot.lot || lot.lot_id}`);
			inputs.push({ input, lot });
			return h('div', { class: 'done-lot', 'data-done-lot': lot.lot_id },
				h('label', { for: id, class: 'done-lot__label' },
					h('span', { class: 'code' }, lot.lot || `lot ${lot.lot_id}`), ' ',
					h('span', { class: 'muted' }, `${qty(lot.remaining, l.unit)} left`,
						lot.expires_on ? `, best before ${dateText(lot.expires_on)}` : ', no date')),
				input);
		});
		/* Stock in no lot: what is loose, and beyond it, short. */
		const loosePick = l.picks.find((p) => p.lot_id === null);
		const noLot = numberInput(`done-nolot-${l.material_id}`, (loosePick ? loosePick.quantity : 0) + l.short,
			`${l.name}, not in a lot`);
		inputs.push({ input: noLot, lot: null });
		rows.push(h('div', { class: 'done-lot', 'data-done-lot': 'none' },
			h('label', { for: noLot.id, class: 'done-lot__label' }, 'Not in a lot ',
				h('span', { class: 'muted' }, l.loose > 0 ? `${qty(l.loose, l.unit)} on hand` : 'none on hand')),
			noLot));
		for (const { input } of inputs)
			input.addEventListener('input', judge);
		const line = { ...l, inputs };
		return {
			line,
			node: h('fieldset', { class: 'done-line', 'data-done-material': l.material_id },
				h('legend', {}, h('strong', {}, l.name), ` needs ${qty(l.want, l.unit)}`,
					l.already ? h('span', { class: 'muted' }, ` (${qty(l.need, l.unit)} by the recipe, ${qty(l.already, l.unit)} already recorded by hand)`) : null),
				rows),
		};
	}

	async function propose() {
		const n = made ? whole(made) : undefined;
		if (n === null) {
			fill(lines, h('p', { class: 'field__error', role: 'alert' }, 'How many were made: a whole number, 0 or more.'));
			plan = null;
			return;
		}
		fill(lines, loading('what it takes'));
		try {
			const p = await maker.consumption(b, n);
			const built = p.lines.map(lineNode);
			plan = { ...p, lines: built.map((x) => x.line) };
			fill(lines,
				p.already_done ? h('p', { class: 'notice', 'data-done-already': '' }, 'Its recipe was taken from stock already. Set it back first to take it again.') : null,
				!p.has_recipe ? h('p', { class: 'muted' }, 'Its product has no recipe, so marking it done takes nothing from stock.') : null,
				built.map((x) => x.node));
			judge();
		} catch (err) {
			plan = null;
			fill(lines, loadError(err, propose));
		}
	}

	async function submit(allow) {
		const t = tally();
		if (!plan || !t)
			return;
		const uses = [];
		for (const line of plan.lines)
			for (const { lot, n } of stock(line))
				if (n > 0)
					uses.push(lot ? { material_id: line.material_id, lot_id: lot.lot_id, quantity: n }
						: { material_id: line.material_id, quantity: n });
		const body = { short: allow ? 'allow' : 'refuse' };
		if (maker.counts) {
			body.made_qty = whole(made);
			body.rejected_qty = whole(rejected);
		}
		if (plan.has_recipe)
			body.uses = uses;
		doneButton.disabled = true;
		belowButton.disabled = true;
		try {
			const answer = await maker.done(b, body);
			announce(maker.done_words(answer));
			onDone(answer);
		} catch (err) {
			problem.hidden = false;
			fill(problem, messageText(kind, err.message || String(err)));
			doneButton.disabled = false;
			belowButton.disabled = false;
		}
	}

	if (made)
		made.addEventListener('change', propose);
	doneButton.addEventListener('click', () => submit(false));
	belowButton.addEventListener('click', () => submit(true));
	stopButton.addEventListener('click', () => {
		fill(verdict, h('p', { class: 'muted' }, 'Nothing was changed. Record the goods that came in, then mark it done.'));
		belowButton.hidden = true;
		stopButton.hidden = true;
		doneButton.hidden = false;
		doneButton.disabled = true;
	});
	const panel = h('section', { class: 'panel', 'aria-labelledby': 'done-h', 'data-section': 'done', 'data-needs': 'write' },
		h('h2', { id: 'done-h' }, 'Mark it done'),
		h('p', { class: 'muted' }, maker.intro),
		maker.counts ? h('div', { class: 'form form--done' },
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'done-made' }, 'Made (rejects included)'), made),
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'done-rejected' }, 'Rejected'), rejected))
			: null,
		lines, verdict, problem,
		h('div', { class: 'button-row' }, doneButton, belowButton, stopButton));
	propose();
	return panel;
}

/** The "What it really cost" panel of done batch id. */
export function costPanel(id) {
	const box = h('div', {}, loading('its cost'));
	const cur = currency();
	const cash = (v) => (v === null || v === undefined ? 'not known' : money(v, cur));
	async function load() {
		try {
			const c = await api.batchCost(id);
			const row = (label, key) => h('tr', { 'data-cost-row': key },
				h('th', { scope: 'row', 'data-label': 'What' }, label),
				h('td', { class: 'col--money', 'data-label': 'Estimate' }, cash(c.estimate[key])),
				h('td', { class: 'col--money', 'data-label': 'Real', 'data-real': c.actual[key] }, h('strong', {}, cash(c.actual[key]))));
			fill(box,
				h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'batch-cost' },
					h('caption', { class: 'visually-hidden' }, 'Real cost beside the estimate'),
					h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'What'),
						h('th', { scope: 'col', class: 'col--money' }, 'Estimate'),
						h('th', { scope: 'col', class: 'col--money' }, 'Real'))),
					h('tbody', {},
						row('Materials', 'materials'),
						row('Labour', 'labour'),
						row('Total', 'total'),
						row('One', 'per_unit')))),
				h('p', { class: 'muted' }, `The real cost of one is over the ${groupDigits(c.sellable)} sellable (made less rejected); the estimate’s over the ${groupDigits(c.made)} made.`),
				c.notes.length ? h('ul', { class: 'muted', 'data-cost-notes': '' }, c.notes.map((n) => h('li', {}, n))) : null);
		} catch (err) {
			fill(box, loadError(err, load));
		}
	}
	load();
	return h('section', { class: 'panel', 'aria-labelledby': 'batch-cost-h', 'data-section': 'cost' },
		h('h2', { id: 'batch-cost-h' }, 'What it really cost'), box);
}

/** The warning a batch or order taken beyond stock carries, in plain words. */
export function shortNotice(b, what = 'batch') {
	if (!b.short_uses)
		return null;
	return h('p', { class: 'notice notice--warning', 'data-short-uses': b.short_uses },
		badge('Below zero', 'overdue', '!'), ' ',
		`This ${what} took ${b.short_uses === 1 ? 'one material' : `${b.short_uses} materials`} beyond the stock there was, so ${b.short_uses === 1 ? 'it is' : 'they are'} below zero. Count ${b.short_uses === 1 ? 'it' : 'them'}, or record the goods that came in.`);
}
