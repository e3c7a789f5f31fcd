/* document.js - a quote, an invoice or a receipt as a page to print: the
 * same parts, in the same order, as its PDF (lib/doc.c). */

import { h } from './dom.js';
import { money } from './format.js';
import { facts } from './page.js';

/** A rate in basis points as a percent: 2000 -> "20%". */
export function rate(bp) {
	return `${bp / 100}%`;
}

function linesTable(inv) {
	const cur = inv.currency;
	const cols = inv.vat_shown ? ['Description', 'Qty', 'Price each', 'VAT', 'Amount'] : ['Description', 'Qty', 'Price each', 'Amount'];
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table invoice__lines', 'data-table': 'invoice-lines' },
		h('thead', {}, h('tr', {}, cols.map((t) => h('th', { scope: 'col' }, t)))),
		h('tbody', {}, inv.lines.map((l) => h('tr', {},
			h('th', { scope: 'row', 'data-label': 'Description' }, l.description),
			h('td', { 'data-label': 'Qty', class: 'col--int' }, String(l.quantity)),
			h('td', { 'data-label': 'Price each', class: 'col--money' }, money(l.unit_price, cur)),
			inv.vat_shown ? h('td', { 'data-label': 'VAT' }, rate(l.vat_bp)) : null,
			h('td', { 'data-label': 'Amount', class: 'col--money' }, money(l.net, cur)))))));
}

function totals(inv) {
	const cur = inv.currency;
	return facts(inv.vat_shown
		? [['Total without VAT', money(inv.net, cur)], ['VAT', money(inv.vat, cur)], ['Total with VAT', h('strong', {}, money(inv.gross, cur))]]
		: [['Total', h('strong', {}, money(inv.gross, cur))]], 'invoice__totals');
}

/**
 * A document's body: the business, the title and reference, who it is to
 * beside dates ([[label, value], …]), the lines and the totals. inv has
 * the shape of GET /api/v1/invoices/{id}: business, customer, lines,
 * vat_shown, net, vat, gross, currency. attrs go on the article.
 */
export function documentView(inv, title, reference, dates, attrs = {}) {
	const biz = inv.business || {};
	return h('article', { class: 'invoice', 'data-invoice': reference, ...attrs },
		h('header', { class: 'invoice__head' },
			h('div', {},
				h('p', { class: 'invoice__from' }, h('strong', {}, biz.name || '')),
				biz.address ? h('p', { class: 'invoice__address' }, biz.address) : null,
				biz.vat_number ? h('p', {}, `VAT number ${biz.vat_number}`) : null),
			h('div', {}, h('h2', { class: 'invoice__title' }, title), h('p', {}, reference))),
		h('div', { class: 'invoice__parties' },
			inv.customer ? h('div', {}, h('h3', {}, 'To'), h('p', {}, inv.customer.name), inv.customer.email ? h('p', {}, inv.customer.email) : null) : null,
			facts(dates)),
		linesTable(inv),
		totals(inv));
}
