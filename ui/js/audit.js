/* audit.js - #/audit, for the owner: who changed what, newest first, 25 a
 * page. Each entry says who, when, what (added, changed or deleted, and
 * which record, linked while it has a page), and for a change each field
 * before → after in the words and money of the rest of the app. Filters
 * by person and by kind of record are in the address (?actor=ann). */

import { api } from './api.js';
import { fill, h } from './dom.js';
import { dateText, groupDigits, instantText, money } from './format.js';
import { emptyState, filterBox, loadInto, pageHead } from './page.js';
import { href } from './router.js';
import { currency, loadSchema, loadSettings, recordName, RECORD_PAGES, words } from './schema.js';

const PAGE = 25;

const ACTION = { create: 'added', update: 'changed', delete: 'deleted' };

/* What each kind of record is called here (the schema's singular, else its name). */
function kindName(schema, resource) {
	if (resource === 'accounts')
		return 'account';
	const r = schema[resource];
	return r ? r.singular : resource.replace(/-/g, ' ');
}

/* One stored value as the app shows it. */
function valueText(field, value) {
	if (value === null || value === undefined || value === '')
		return '—';
	if (field && field.type === 'money' && Number.isInteger(value))
		return money(value, currency());
	if (field && field.type === 'date')
		return dateText(value);
	if (field && field.type === 'time')
		return instantText(value);
	if (typeof value === 'number')
		return groupDigits(value);
	if (typeof value === 'object')
		return JSON.stringify(value);
	const text = String(value);
	return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/* The fields a change touched: [[label, before, after]]. */
function changes(schema, entry) {
	const fields = (schema[entry.resource] && schema[entry.resource].fields) || [];
	const before = entry.before || {};
	const after = entry.after || {};
	const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
		.filter((k) => k !== 'updated_at' && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
	return keys.map((k) => {
		const field = fields.find((f) => f.name === k);
		return [words(entry.resource, k).label, valueText(field, before[k]), valueText(field, after[k])];
	});
}

/* The record an entry is about, linked while it may still be there. */
function recordText(schema, entry) {
	if (entry.resource === 'settings')
		return 'the settings';
	const rec = entry.after || entry.before;
	const name = rec ? recordName(entry.resource, rec) : '';
	// A record with no name of its own ("Sale 4") is its kind and number.
	const named = name && !name.endsWith(` ${entry.record_id}`);
	const what = `${kindName(schema, entry.resource)} ${named ? `“${name}”` : entry.record_id}`;
	if (entry.action !== 'delete' && RECORD_PAGES.has(entry.resource))
		return h('a', { href: href(`${entry.resource}/${entry.record_id}`) }, what);
	return what;
}

function entryItem(schema, e) {
	const list = e.action === 'update' ? changes(schema, e) : [];
	return h('li', { class: 'audit__entry', 'data-audit': e.id, 'data-action': e.action },
		h('p', { class: 'audit__what' },
			h('strong', { class: 'audit__who' }, e.actor), ` ${ACTION[e.action] || e.action} `, recordText(schema, e)),
		h('p', { class: 'audit__when muted' }, h('time', { datetime: e.at }, instantText(e.at))),
		list.length ? h('ul', { class: 'audit__changes' }, list.map(([label, a, b]) =>
			h('li', { 'data-change': label },
				h('span', { class: 'audit__field' }, `${label}: `),
				h('span', { class: 'audit__before' }, a),
				h('span', { 'aria-hidden': 'true' }, ' → '),
				h('span', { class: 'visually-hidden' }, 'changed to '),
				h('span', { class: 'audit__after' }, b)))) : null);
}

/* Who and what kind, kept in the address. */
function filterForm(schema, query, ctx) {
	const actor = h('input', { id: 'audit-actor', name: 'actor', type: 'text', class: 'input', value: query.get('actor') || '', autocomplete: 'off', 'aria-describedby': 'audit-actor-hint' });
	const kinds = ['accounts', ...Object.keys(schema).filter((r) => r !== 'settings'), 'settings'];
	const resource = h('select', { id: 'audit-resource', name: 'resource', class: 'input input--select' },
		h('option', { value: '' }, 'Any'),
		kinds.map((r) => h('option', { value: r, selected: r === query.get('resource') }, kindName(schema, r))));
	const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the changes' },
		h('div', { class: 'filters__fields' },
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'audit-actor' }, 'Who'),
				h('p', { class: 'field__hint', id: 'audit-actor-hint' }, 'A login, or “command line”.'), actor),
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'audit-resource' }, 'Kind of record'), resource)),
		h('div', { class: 'button-row filters__apply' }, h('button', { type: 'submit', class: 'button button--secondary' }, 'Show')));
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		ctx.go(href('audit', { actor: actor.value.trim(), resource: resource.value }));
	});
	const on = ['actor', 'resource'].filter((k) => query.get(k)).length;
	return filterBox(form, on ? `${on} on` : 'everyone, everything', on > 0);
}

function pager(query, data) {
	const { total, offset, limit } = data;
	if (total <= limit && offset === 0)
		return null;
	const base = Object.fromEntries(query.entries());
	const links = [];
	if (offset > 0)
		links.push(h('a', { class: 'button button--secondary', href: href('audit', { ...base, offset: Math.max(0, offset - limit) || null }), 'data-page-link': 'newer' }, '← Newer'));
	if (offset + limit < total)
		links.push(h('a', { class: 'button button--secondary', href: href('audit', { ...base, offset: offset + limit }), 'data-page-link': 'older' }, 'Older →'));
	return h('nav', { class: 'pager', 'aria-label': 'Pages' },
		h('p', { class: 'pager__text' }, `${groupDigits(offset + 1)}–${groupDigits(Math.min(offset + limit, total))} of ${groupDigits(total)}`),
		h('div', { class: 'button-row' }, links));
}

/** #/audit?actor&resource&offset (owners) */
export function mountAudit(view, ctx) {
	const results = h('div', { 'data-audit-list': '' });
	const offset = Number(ctx.query.get('offset'));
	fill(view, pageHead({
		title: 'Who changed what',
		lead: 'Every change to the records and the accounts, newest first: who made it, when, and what it was before and after.',
		back: { href: href('accounts'), text: 'Accounts' },
		flash: ctx.flash,
	}), results);
	loadInto(results, ctx, 'the changes', async () => {
		const [schema, data] = await Promise.all([loadSchema(), api.audit({
			actor: ctx.query.get('actor'),
			resource: ctx.query.get('resource'),
			limit: PAGE,
			offset: Number.isInteger(offset) && offset > 0 ? offset : null,
		}), loadSettings()]);
		return { schema, data };
	}, ({ schema, data }) => [
		filterForm(schema, ctx.query, ctx),
		data.items.length === 0
			? emptyState({ title: 'No changes to show', text: 'Changes show here as soon as anyone adds, changes or deletes a record.' })
			: h('ol', { class: 'audit', 'aria-label': 'Changes, newest first' }, data.items.map((e) => entryItem(schema, e))),
		pager(ctx.query, data),
	]);
}
