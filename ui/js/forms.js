/* forms.js - forms built from the schema, checked as you type.
 *
 * Each field of a resource (type, required, nullable, read_only, min, max,
 * values, ref) becomes a labelled input: text boxes, whole numbers, money
 * typed as "4.50" and sent as minor units, dates, enum and reference
 * selects. The same description checks the input while it is typed, and
 * when the server still refuses it, its message goes beside the field it
 * names (aria-invalid plus aria-describedby) and above the button.
 *
 * A form is what the person logged in may change (session.js): all of it
 * is shown read-only, without its button, when they may not (a viewer's,
 * or Settings for anyone but the owner), and a field the schema marks
 * owner_only (a product's price) is read-only for all but the owner. */

import { ApiError } from './api.js';
import { fill, h, sentence } from './dom.js';
import {
	apiInstant, currencySymbol, dateText, dayTimeText, durationPlain, groupDigits, instantText,
	isDate, localInputValue, money, moneyPlain, parseDayTime, parseDuration, parseMoney,
	parseWhole,
} from './format.js';
import { currency, linkRecords, messageText, words } from './schema.js';
import { may, readOnlyReason } from './session.js';

let formCount = 0;

/* UTF-8 length, which is what the server's text limits count. */
function byteLength(text) {
	return new TextEncoder().encode(text).length;
}

function rangeText(min, max, show) {
	if (min !== undefined && max !== undefined)
		return `from ${show(min)} to ${show(max)}`;
	if (min !== undefined)
		return `at least ${show(min)}`;
	return `at most ${show(max)}`;
}

/* A rate in basis points as a percent, "20", "17.5", "12.34". */
function ratePlain(bp) {
	const whole = Math.trunc(bp / 100), part = bp % 100;
	return part === 0 ? String(whole) : `${whole}.${String(part).padStart(2, '0').replace(/0$/, '')}`;
}

/* A percent with at most two decimals, "17.5", as basis points, 1750. */
function parseRate(text) {
	const m = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(text);
	if (!m)
		return { error: 'Enter a percentage, like 20 or 17.5.' };
	return { value: Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) };
}

/* The text an input starts with for a stored value. */
function inputValue(field, w, value) {
	if (value === null || value === undefined)
		return '';
	if (w.kind === 'clock')
		return dayTimeText(value);
	if (w.kind === 'rate')
		return ratePlain(value);
	switch (w.kind === 'duration' ? 'duration' : field.type) {
	case 'money':
		return moneyPlain(value, currency());
	case 'duration':
		return durationPlain(value);
	case 'time':
		return localInputValue(value);
	default:
		return String(value);
	}
}

/* A read-only value as text. */
function shownValue(field, w, value) {
	if (value === null || value === undefined || value === '')
		return '—';
	if (w.kind === 'duration')
		return durationPlain(value);
	if (w.kind === 'clock')
		return dayTimeText(value);
	if (w.kind === 'rate')
		return `${ratePlain(value)}%`;
	if (field.type === 'money')
		return money(value, currency());
	if ((field.type === 'enum' || w.kind === 'yesno') && w.values)
		return w.values[value] || value;
	if (field.type === 'int')
		return groupDigits(value);
	if (field.type === 'date')
		return dateText(value);
	if (field.type === 'time')
		return instantText(value);
	return String(value);
}

/**
 * Check one field's text against its description.
 * Returns {value} (what to send; undefined means leave it out) or
 * {error, empty} (empty: the only fault is that nothing was entered).
 */
export function checkField(field, w, raw, { mode, input } = {}) {
	const text = typeof raw === 'string' ? raw.trim() : raw;
	const cur = currency();

	if (input && input.validity && input.validity.badInput)
		return { error: field.type === 'date' ? 'Enter the whole date: day, month and year.'
			: 'Enter a full date and time.' };

	if (text === '' || text === null || text === undefined) {
		if (field.required)
			return { error: `${w.label} is required.`, empty: true };
		if (field.nullable)
			return { value: null };
		if (mode === 'edit') {
			const zero = field.type === 'money' ? ' (0 if none)' : field.type === 'int' ? ' (0 if none)' : '';
			return { error: `Enter a value${zero}.`, empty: true };
		}
		return { value: undefined };
	}

	let value;
	if (w.kind === 'clock')
		return parseDayTime(text);
	if (w.kind === 'rate') {
		// A rate in basis points, typed as a percent.
		const r = parseRate(text);
		if (r.error)
			return r;
		if ((field.min !== undefined && r.value < field.min) || (field.max !== undefined && r.value > field.max))
			return { error: `Enter a percentage ${rangeText(field.min, field.max, (v) => `${ratePlain(v)}%`)}.` };
		return r;
	}
	if (w.kind === 'minutes' && /:/.test(text)) {
		// "1:30" in a field counted in minutes is hours and minutes.
		const r = parseDuration(text);
		if (r.error)
			return { error: 'Enter minutes, like 45, or hours and minutes, like 1:30.' };
		if ((field.min !== undefined && r.value < field.min) || (field.max !== undefined && r.value > field.max))
			return { error: `Enter a number of minutes ${rangeText(field.min, field.max, groupDigits)}.` };
		return { value: r.value };
	}
	switch (w.kind === 'duration' ? 'duration' : field.type) {
	case 'int': {
		const r = parseWhole(text);
		if (r.error)
			return r;
		value = r.value;
		if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max))
			return { error: `Enter a number ${rangeText(field.min, field.max, groupDigits)}.` };
		return { value };
	}
	case 'duration': {
		const r = parseDuration(text);
		if (r.error)
			return r;
		value = r.value;
		if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max))
			return { error: `Enter a time ${rangeText(field.min, field.max, durationPlain)} (hours:minutes).` };
		return { value };
	}
	case 'money': {
		const r = parseMoney(text, cur);
		if (r.error)
			return r;
		value = r.value;
		if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max))
			return { error: `Enter an amount ${rangeText(field.min, field.max, (m) => money(m, cur))}.` };
		return { value };
	}
	case 'text': {
		const n = byteLength(text);
		if (field.min !== undefined && n < field.min)
			return { error: field.min === 1 ? `${w.label} cannot be empty.` : `Use at least ${field.min} characters.` };
		if (field.max !== undefined && n > field.max)
			return { error: `Too long: use at most ${groupDigits(field.max)} characters (you have ${groupDigits(n)}).` };
		if (w.kind === 'email' && !/^[^\s@]+@[^\s@]+$/.test(text))
			return { error: 'Enter an email address, like name@example.com.' };
		return { value: text };
	}
	case 'enum':
		if (!field.values.includes(text))
			return { error: `Choose one of the ${field.values.length} options.` };
		return { value: text };
	case 'ref': {
		const n = Number(text);
		if (!Number.isSafeInteger(n) || n < 1)
			return { error: 'Choose one from the list.' };
		return { value: n };
	}
	case 'date':
		if (!isDate(text))
			return { error: 'Enter a date as day, month and year.' };
		return { value: text };
	case 'time': {
		const d = new Date(text);
		if (Number.isNaN(d.getTime()))
			return { error: 'Enter a date and time.' };
		return { value: apiInstant(d) };
	}
	default:
		return { value: text };
	}
}

/*
 * A group of checkboxes standing for one text field: it has the field's
 * name and a value (the checked codes, "gluten,milk"), so the form reads
 * it as it reads an input; each box's own events bubble up under the
 * field's name.
 */
function setControl(field, w, id, start) {
	const have = new Set(String(start || '').split(',').map((s) => s.trim()).filter(Boolean));
	const boxes = field.values.map((v) => h('input', {
		type: 'checkbox', id: `${id}-${v}`, name: field.name, value: v, checked: have.has(v),
		'data-set-value': v,
	}));
	const group = h('div', { class: 'field__set', role: 'group', id, 'data-type': 'set', 'aria-labelledby': `${id}-label` },
		boxes.map((b, i) => h('label', { class: 'field__set-item', for: b.id }, b, ' ',
			(w.values && w.values[field.values[i]]) || field.values[i])));
	Object.defineProperty(group, 'value', {
		get: () => boxes.filter((b) => b.checked).map((b) => b.value).join(','),
	});
	group.name = field.name;
	group.focus = () => boxes[0].focus();
	return group;
}

/* Build the control for one field. */
function control(field, w, id, value, options, mode) {
	const common = {
		id,
		name: field.name,
		required: field.required,
		'aria-required': field.required ? 'true' : null,
		'data-type': w.kind === 'duration' ? 'duration' : field.type,
	};
	const start = inputValue(field, w, value);
	const type = w.kind === 'duration' ? 'duration' : field.type;

	// A set of fixed codes (a material's allergens) as one box each, the
	// value the checked codes in the schema's order, joined by commas.
	if (w.kind === 'set' && field.values)
		return setControl(field, w, id, start);
	// A 0-or-1 number (a product's "retired") as a choice of two.
	if (w.kind === 'yesno')
		return h('select', { ...common, class: 'input input--select' },
			[0, 1].map((v) => h('option', { value: String(v), selected: String(v) === (start || '0') }, w.values[v])));
	if (type === 'enum' || type === 'ref') {
		const opts = [];
		const list = type === 'enum'
			? field.values.map((v) => ({ value: v, label: (w.values && w.values[v]) || v }))
			: (options || []);
		if (field.required && (mode === 'create' || start === ''))
			opts.push(h('option', { value: '' }, type === 'ref' ? `Choose…` : 'Choose…'));
		else if (field.nullable || (type === 'ref' && !field.required))
			opts.push(h('option', { value: '' }, 'None'));
		for (const o of list)
			opts.push(h('option', { value: String(o.value), selected: String(o.value) === start }, o.label));
		// A stored reference the list does not hold (past the first 1000)
		// stays chosen rather than silently changing on save.
		if (start !== '' && !list.some((o) => String(o.value) === start))
			opts.push(h('option', { value: start, selected: true }, `${w.label} ${start}`));
		const select = h('select', { ...common, class: 'input input--select' }, opts);
		return select;
	}
	if (type === 'text' && (w.kind === 'long' || (field.max || 0) > 1000))
		return h('textarea', { ...common, class: 'input input--long', rows: 4, autocomplete: 'off' }, start);

	const props = { ...common, class: 'input', value: start, autocomplete: 'off' };
	switch (type) {
	case 'int':
		props.type = 'text';
		props.inputmode = field.min !== undefined && field.min >= 0 ? 'numeric' : 'text';
		props.class = 'input input--number';
		break;
	case 'money':
		props.type = 'text';
		props.inputmode = 'decimal';
		props.class = 'input input--number';
		break;
	case 'duration':
		props.type = 'text';
		props.class = 'input input--number';
		props.placeholder = 'h:mm';
		break;
	case 'date':
		props.type = 'date';
		props.class = 'input input--date';
		break;
	case 'time':
		props.type = 'datetime-local';
		props.class = 'input input--date';
		break;
	default:
		props.type = w.kind === 'email' ? 'email' : w.kind === 'tel' ? 'tel'
			: w.kind === 'password' ? 'password' : 'text';
		if (w.kind === 'email')
			props.autocomplete = 'email';
		if (w.kind === 'tel')
			props.autocomplete = 'tel';
		if (w.autocomplete)
			props.autocomplete = w.autocomplete;
		// A login is typed as it is: no capital first letter, no "correction".
		if (w.kind === 'login' || w.kind === 'password') {
			props.autocapitalize = 'none';
			props.spellcheck = 'false';
		}
	}
	if (w.kind === 'clock') {
		// A phone's number pad has no ':'.
		props.inputmode = 'text';
		props.placeholder = '08:30';
	}
	return h('input', props);
}

/**
 * Build a form for some fields of a resource.
 *
 * spec: {
 *   resource,                 the resource the words come from
 *   fields,                   schema fields, in the order to show them
 *   values,                   initial values (a stored record, or prefill)
 *   options,                  {field: [{value, label}]} for ref selects
 *   mode,                     "create" (send what is filled in) or "edit"
 *                             (send what changed)
 *   submitLabel,              the button's words
 *   hints,                    {field: text} to replace a field's hint
 *   check(values),            cross-field checks -> {field: message}
 *   onSubmit(body),           async; throw an ApiError to show it
 *   groups,                   optional [{legend, fields: [names]}] fieldsets
 *   extra,                    nodes to put before the button row
 *   needs,                    what changing it takes (session.js may()):
 *                             "write" unless given, "owner", or null for
 *                             a form anyone here may send (logging in)
 *   failText,                 the words before a refusal ("Not saved. ")
 *   errorActions(err),        optional: nodes to show under a refusal
 *                             (a sale's "Record it anyway"), or null
 * }
 * Returns {form, rows, showServerError(err), input(name)}.
 */
export function buildForm(spec) {
	const prefix = `f${++formCount}`;
	const mode = spec.mode || 'create';
	const initial = { ...(spec.values || {}) };
	const rows = new Map();
	const needs = spec.needs === undefined ? 'write' : spec.needs;
	const locked = needs !== null && !may(needs);
	const failText = spec.failText || 'Not saved. ';

	function row(given) {
		// The owner's alone (a product's price): shown, not changed.
		const field = locked || (given.owner_only && !may('owner')) ? { ...given, read_only: true } : given;
		const w = { ...words(spec.resource, field.name) };
		if (spec.hints && field.name in spec.hints)
			w.hint = spec.hints[field.name];
		const id = `${prefix}-${field.name.replace(/\W/g, '-')}`;
		const hintId = w.hint ? `${id}-hint` : null;
		const errorId = `${id}-error`;
		let value = initial[field.name];
		if (field.name.includes('.')) {
			const [a, b] = field.name.split('.');
			value = initial[a] ? initial[a][b] : undefined;
		}
		if (mode === 'create' && (value === undefined || value === null) && w.initial !== undefined)
			value = typeof w.initial === 'function' ? w.initial() : w.initial;

		if (field.read_only) {
			const ownerOnly = !locked && field.owner_only && !given.read_only;
			return {
				field, w, readOnly: true,
				node: h('div', { class: 'field field--readonly', 'data-field': field.name, 'data-owner-only': ownerOnly ? '' : null },
					h('span', { class: 'field__label', id: `${id}-label` }, w.label),
					h('span', { class: 'field__value', 'aria-labelledby': null, 'data-value': field.name },
						shownValue(field, w, value)),
					ownerOnly ? h('span', { class: 'field__hint' }, 'Only the workshop’s owner changes this.') : null),
			};
		}

		const input = control(field, w, id, value, spec.options && spec.options[field.name], mode);
		if (hintId)
			input.setAttribute('aria-describedby', hintId);
		const error = h('p', { class: 'field__error', id: errorId, hidden: true });
		let box = input;
		if (field.type === 'money') {
			box = h('div', { class: 'input-affix' },
				h('span', { class: 'input-affix__text', 'aria-hidden': 'true' }, currencySymbol(currency())),
				input);
		} else if (w.kind === 'duration') {
			box = h('div', { class: 'input-affix input-affix--after' }, input,
				h('span', { class: 'input-affix__text', 'aria-hidden': 'true' }, 'h:mm'));
		} else if (w.kind === 'rate') {
			input.setAttribute('inputmode', 'decimal');
			box = h('div', { class: 'input-affix input-affix--after' }, input,
				h('span', { class: 'input-affix__text', 'aria-hidden': 'true' }, '%'));
		}
		const label = h('label', { class: 'field__label', for: id, id: `${id}-label` }, w.label,
			field.required ? h('span', { class: 'field__required' }, ' (required)') : null,
			field.type === 'money' ? h('span', { class: 'visually-hidden' }, ` in ${currency()}`) : null,
			w.kind === 'duration' ? h('span', { class: 'visually-hidden' }, ' in hours and minutes') : null,
			w.kind === 'rate' ? h('span', { class: 'visually-hidden' }, ' in percent') : null);
		const node = h('div', { class: `field field--${input.dataset.type}`, 'data-field': field.name },
			label,
			w.hint ? h('p', { class: 'field__hint', id: hintId }, w.hint) : null,
			box,
			error);
		return { field, w, input, error, hintId, errorId, node, dirty: false, start: input.value };
	}

	const fieldRows = spec.fields.map(row);
	for (const r of fieldRows)
		rows.set(r.field.name, r);

	function setError(r, message) {
		if (!r || r.readOnly)
			return;
		if (message) {
			// The words in one box beside the mark, links among them included.
			fill(r.error, h('span', { class: 'field__error-mark', 'aria-hidden': 'true' }, '!'), ' ', h('span', {}, message));
			r.error.hidden = false;
			r.input.setAttribute('aria-invalid', 'true');
			r.input.setAttribute('aria-describedby', [r.hintId, r.errorId].filter(Boolean).join(' '));
			r.node.classList.add('field--invalid');
		} else {
			fill(r.error);
			r.error.hidden = true;
			r.input.removeAttribute('aria-invalid');
			if (r.hintId)
				r.input.setAttribute('aria-describedby', r.hintId);
			else
				r.input.removeAttribute('aria-describedby');
			r.node.classList.remove('field--invalid');
		}
	}

	/* Check every editable field; returns {values, errors}. */
	function checkAll() {
		const values = {};
		const errors = {};
		for (const r of fieldRows) {
			if (r.readOnly)
				continue;
			const res = checkField(r.field, r.w, r.input.value, { mode, input: r.input });
			if (res.error)
				errors[r.field.name] = res;
			else
				values[r.field.name] = res.value;
		}
		if (spec.check) {
			const extra = spec.check(values) || {};
			for (const [name, message] of Object.entries(extra))
				if (message && !errors[name])
					errors[name] = { error: message };
		}
		return { values, errors };
	}

	/* Show the errors of the fields the person has been at. */
	function refresh(final) {
		const { errors } = checkAll();
		for (const r of fieldRows) {
			if (r.readOnly || r.serverError)
				continue;
			const e = errors[r.field.name];
			const show = final || r.dirty;
			if (!e || !show)
				setError(r, null);
			else if (e.empty && !final && !r.blurred)
				setError(r, null); // do not scold an empty box while it is being filled
			else
				setError(r, e.error);
		}
		return errors;
	}

	const formError = h('div', { class: 'form-error', role: 'alert', 'data-form-error': '' });
	const submit = h('button', { type: 'submit', class: 'button button--primary', 'data-submit': '' },
		spec.submitLabel || 'Save');
	const buttonRow = h('div', { class: 'button-row form__actions' }, submit, spec.actions || null);

	let body;
	if (spec.groups) {
		const used = new Set();
		body = spec.groups.map((g) => {
			const inner = g.fields.map((n) => rows.get(n)).filter(Boolean);
			inner.forEach((r) => used.add(r.field.name));
			return h('fieldset', { class: `form__group${g.className ? ` ${g.className}` : ''}` },
				h('legend', {}, g.legend),
				g.hint && !locked ? h('p', { class: 'field__hint' }, g.hint) : null,
				h('div', { class: 'form__fields' }, inner.map((r) => r.node)));
		});
		// Fields the schema has and the groups do not name (added since)
		// still show, after the groups.
		const rest = fieldRows.filter((r) => !used.has(r.field.name));
		if (rest.length)
			body.push(h('fieldset', { class: 'form__group' }, h('legend', {}, 'More'),
				h('div', { class: 'form__fields' }, rest.map((r) => r.node))));
		body = body.filter((g) => g.querySelector('.field'));
	} else {
		body = h('div', { class: 'form__fields' }, fieldRows.map((r) => r.node));
	}

	const reason = locked ? readOnlyReason(needs) : null;
	const form = h('form', { class: 'form', novalidate: true, 'data-form': spec.resource, 'data-locked': locked ? '' : null },
		reason ? h('p', { class: 'notice', 'data-read-only': '' }, reason) : null,
		body, spec.extra || null, locked ? null : formError, locked ? null : buttonRow);

	form.addEventListener('input', (event) => {
		const r = rows.get(event.target.name);
		if (!r)
			return;
		r.dirty = r.dirty || r.input.value !== r.start;
		r.serverError = false;
		fill(formError);
		refresh(false);
	});
	form.addEventListener('change', (event) => {
		const r = rows.get(event.target.name);
		if (!r)
			return;
		r.dirty = true;
		r.serverError = false;
		refresh(false);
	});
	form.addEventListener('focusout', (event) => {
		const r = rows.get(event.target.name);
		if (!r || !r.dirty)
			return;
		r.blurred = true;
		refresh(false);
	});

	function focusFirstInvalid() {
		const r = fieldRows.find((x) => !x.readOnly && x.input.getAttribute('aria-invalid') === 'true');
		if (r)
			r.input.focus();
		return Boolean(r);
	}

	function showServerError(err) {
		const e = err instanceof ApiError ? err : null;
		const message = e ? messageText(spec.resource, e.message)
			: 'Something went wrong. Please try again.';
		const r = e && e.field ? rows.get(e.field) : null;
		// The records the message names, as links (error.details.records).
		const linked = (text) => (e ? linkRecords(text, e.details) : [text]);
		if (r && !r.readOnly) {
			// "Customer: no customer has …" beside Customer needs no label.
			const own = message.startsWith(`${r.w.label}: `)
				? sentence(message.slice(r.w.label.length + 2)) : message;
			r.serverError = true;
			setError(r, linked(own));
			fill(formError, h('p', {}, h('strong', {}, failText),
				`${r.w.label}: `, linked(own)));
			r.input.focus();
		} else {
			const what = e && e.status === 409 && !spec.failText ? 'Not saved, because it clashes with what is stored. '
				: failText;
			fill(formError, h('p', {}, h('strong', {}, what), linked(message)));
		}
		const more =
			e && spec.errorActions ? spec.errorActions(e) : null;
		if (more)
			formError.append(...[more].flat().filter(Boolean));
	}

	let busy = false;
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		if (busy || locked)
			return;
		fill(formError);
		for (const r of fieldRows)
			r.serverError = false;
		const errors = refresh(true);
		const bad = Object.keys(errors);
		if (bad.length > 0) {
			const labels = bad.map((n) => rows.get(n)).filter(Boolean).map((r) => `“${r.w.label}”`);
			fill(formError, h('p', {}, h('strong', {}, 'Not saved yet. '),
				bad.length === 1 ? `Check ${labels[0]}.` : `Check the ${bad.length} fields marked: ${labels.join(', ')}.`));
			focusFirstInvalid();
			return;
		}
		const { values } = checkAll();
		const out = {};
		for (const r of fieldRows) {
			if (r.readOnly)
				continue;
			const v = values[r.field.name];
			if (v === undefined)
				continue;
			if (mode === 'edit') {
				let before = initial[r.field.name];
				if (r.field.name.includes('.')) {
					const [a, b] = r.field.name.split('.');
					before = initial[a] ? initial[a][b] : undefined;
				}
				if (v === before || (v === null && before === undefined))
					continue;
			}
			if (r.field.name.includes('.')) {
				const [a, b] = r.field.name.split('.');
				out[a] = out[a] || {};
				out[a][b] = v;
			} else {
				out[r.field.name] = v;
			}
		}
		busy = true;
		const label = submit.textContent;
		submit.setAttribute('aria-disabled', 'true');
		submit.textContent = 'Saving…';
		try {
			await spec.onSubmit(out, { changed: Object.keys(out).length > 0 });
		} catch (err) {
			showServerError(err);
		} finally {
			busy = false;
			submit.removeAttribute('aria-disabled');
			submit.textContent = label;
		}
	});

	return {
		form,
		rows,
		showServerError,
		/** The input for a field. */
		input(name) {
			const r = rows.get(name);
			return r && !r.readOnly ? r.input : null;
		},
	};
}
