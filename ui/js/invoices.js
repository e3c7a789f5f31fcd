/* invoices.js - #/invoices: the workshop's invoices, newest first, with
 * their status (unpaid, overdue, paid, void) and a filter for those still
 * owed; #/invoices/:id: one invoice as a printable page, with "Mark paid"
 * on a day and "Void". Also the order page's Invoice panel (issue one, or
 * open the one there is) and a sale's Receipt link. The server works out
 * every figure (lib/invoice.c); this page only shows them. */

import { getJSON, postJSON } from './api.js';
import { documentView } from './document.js';
import { fill, h } from './dom.js';
import { dateText, money, today } from './format.js';
import { badge, emptyState, facts, loadError, loading, pageHead } from './page.js';
import { href } from './router.js';
import { currency, loadSettings } from './schema.js';

const STATUS = {
	unpaid: ['Unpaid', 'status-accepted'],
	overdue: ['Overdue', 'overdue'],
	paid: ['Paid', 'status-done'],
	void: ['Void', 'status-cancelled'],
};

function statusBadge(s) {
	const [text, kind] = STATUS[s] || [s, 'plain'];
	return badge(text, kind, s === 'overdue' ? '!' : null);
}

/* ---- the list ------------------------------------------------------------ */

export async function mountInvoices(view, ctx) {
	const show = ctx.query.get('show') || '';
	const head = pageHead({
		title: 'Invoices',
		lead: 'Numbered 1, 2, 3 … with no gaps. Issue one from a done order’s page. Prices are without VAT; VAT is worked out per line.',
		flash: ctx.flash,
	});
	const filter = h('p', { class: 'button-row', 'data-invoice-filter': '' },
		[['', 'All'], ['unpaid', 'Unpaid'], ['overdue', 'Overdue']].map(([k, text]) =>
			h('a', {
				class: `button button--${k === show ? 'primary' : 'quiet'}`,
				href: href('invoices', k ? { show: k } : undefined),
				'aria-current': k === show ? 'page' : null,
			}, text)));
	const body = h('div', {}, loading('the invoices'));
	fill(view, head, filter, body);
	let list;
	try {
		const q = new URLSearchParams({ limit: '200' });
		if (show)
			q.set(show, '1');
		await loadSettings();
		list = await getJSON(`/api/v1/invoices?${q}`);
	} catch (err) {
		if (ctx.live())
			fill(body, loadError(err, () => ctx.reload()));
		return;
	}
	if (!ctx.live())
		return;
	if (!list.items.length) {
		fill(body, emptyState({
			title: show ? 'Nothing owed here' : 'No invoices yet',
			text: 'Open a done or delivered order and choose “Issue an invoice”.',
		}));
		return;
	}
	const rows = list.items.map((i) => h('tr', { 'data-invoice-row': i.number },
		h('th', { scope: 'row', 'data-label': 'Number' }, h('a', { href: href(`invoices/${i.id}`) }, `Invoice ${i.number}`)),
		h('td', { 'data-label': 'Customer' }, i.customer_name),
		h('td', { 'data-label': 'Total', class: 'col--money' }, money(i.gross, currency())),
		h('td', { 'data-label': 'Due' }, dateText(i.due_on)),
		h('td', { 'data-label': 'Status' }, statusBadge(i.status))));
	fill(body, h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'invoices' },
		h('caption', { class: 'visually-hidden' }, 'Invoices, newest first'),
		h('thead', {}, h('tr', {}, ['Number', 'Customer', 'Total', 'Due', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
		h('tbody', {}, rows))));
}

/* ---- one invoice, printable --------------------------------------------- */

export async function mountInvoice(view, ctx) {
	const id = Number(ctx.params.id);
	const head = h('div');
	const body = h('div', {}, loading('the invoice'));
	fill(view, head, body);
	fill(head, pageHead({ title: `Invoice`, back: { href: href('invoices'), text: 'Invoices' }, flash: ctx.flash }));
	let inv;
	try {
		inv = await getJSON(`/api/v1/invoices/${id}`);
	} catch (err) {
		if (ctx.live())
			fill(body, err.status === 404 ? h('p', { class: 'notice' }, `There is no invoice with id ${id}.`) : loadError(err, () => ctx.reload()));
		return;
	}
	if (!ctx.live())
		return;
	ctx.setTitle(`Invoice ${inv.number}`);
	fill(head, pageHead({
		title: `Invoice ${inv.number}`,
		back: { href: href('invoices'), text: 'Invoices' },
		flash: ctx.flash,
	}));
	head.querySelector('.page-head__row').after(h('p', { class: 'page-head__badges', 'data-invoice-status': inv.status }, statusBadge(inv.status)));

	const dates = [['Invoice date', dateText(inv.issued_on)], ['Tax point', dateText(inv.supply_on)], ['Due', dateText(inv.due_on)]];
	if (inv.order_id)
		dates.push(['Order', h('a', { href: href(`orders/${inv.order_id}`) }, String(inv.order_id))]);
	const doc = documentView(inv, 'Invoice', `Invoice ${inv.number}`, dates);
	if (inv.status === 'void')
		doc.append(h('p', { class: 'invoice__stamp', 'data-invoice-stamp': 'void' }, 'VOID'));
	else if (inv.status === 'paid')
		doc.append(h('p', { class: 'invoice__stamp', 'data-invoice-stamp': 'paid' }, `Paid on ${dateText(inv.paid_on)}`));
	if (inv.notes)
		doc.append(h('section', {}, h('h3', {}, 'Notes'), h('p', {}, inv.notes)));
	if (inv.business && inv.business.payment_details && inv.status !== 'void' && inv.status !== 'paid')
		doc.append(h('section', { 'data-how-to-pay': '' }, h('h3', {}, 'How to pay'), h('p', { class: 'invoice__pay' }, inv.business.payment_details)));

	const message = h('div', { class: 'form-error', role: 'alert' });
	const actions = [];
	const pdf = h('a', { class: 'button button--secondary', href: `/api/v1/invoices/${id}.pdf`, target: '_blank', rel: 'noopener', 'data-invoice-pdf': '' }, 'Open the PDF');
	const print = h('button', { type: 'button', class: 'button button--quiet' }, 'Print this page');
	print.addEventListener('click', () => window.print());
	actions.push(pdf, print);
	let markForm = null;
	if (inv.status === 'unpaid' || inv.status === 'overdue') {
		const day = h('input', { id: 'invoice-paid-on', name: 'paid_on', type: 'date', class: 'input', value: today(), min: inv.issued_on });
		const mark = h('button', { type: 'submit', class: 'button button--primary', 'data-mark-paid': '' }, 'Mark paid');
		markForm = h('form', { class: 'form form--inline', 'data-needs': 'write' },
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'invoice-paid-on' }, 'Paid on'), day), mark);
		markForm.addEventListener('submit', async (e) => {
			e.preventDefault();
			fill(message);
			try {
				await postJSON(`/api/v1/invoices/${id}/paid`, { paid_on: day.value });
				ctx.go(location.hash, { flash: `Invoice ${inv.number} marked paid.` });
			} catch (err) {
				fill(message, h('p', {}, h('strong', {}, 'Not changed. '), err.message));
			}
		});
	}
	if (inv.status === 'paid') {
		const undo = h('button', { type: 'button', class: 'button button--quiet', 'data-needs': 'write', 'data-unmark-paid': '' }, 'Not paid after all');
		undo.addEventListener('click', async () => {
			try {
				await postJSON(`/api/v1/invoices/${id}/paid`, { paid_on: null });
				ctx.go(location.hash, { flash: `Invoice ${inv.number} is unpaid again.` });
			} catch (err) {
				fill(message, h('p', {}, h('strong', {}, 'Not changed. '), err.message));
			}
		});
		actions.push(undo);
	}
	if (inv.status === 'unpaid' || inv.status === 'overdue') {
		const v = h('button', { type: 'button', class: 'button button--secondary', 'data-needs': 'write', 'data-void': '' }, 'Void');
		v.addEventListener('click', async () => {
			if (!window.confirm(`Void invoice ${inv.number}? It keeps its number and will owe nothing. This cannot be undone.`))
				return;
			try {
				await postJSON(`/api/v1/invoices/${id}/void`, {});
				ctx.go(location.hash, { flash: `Invoice ${inv.number} is void.` });
			} catch (err) {
				fill(message, h('p', {}, h('strong', {}, 'Not changed. '), err.message));
			}
		});
		actions.push(v);
	}
	fill(body, h('div', { class: 'button-row invoice__actions' }, actions), markForm, message, doc);
}

/* ---- the order page's panel --------------------------------------------- */

/* An order's invoice: the one there is (not void), or a button to issue
 * one. Mounted by orders.js with one line. */
export function invoicePanel(order, ctx) {
	const box = h('div', {}, loading('its invoice'));
	const section = h('section', { class: 'panel', 'aria-labelledby': 'order-invoice-h', 'data-order-invoice': '' },
		h('h2', { id: 'order-invoice-h' }, 'Invoice'), box);
	(async () => {
		let list;
		try {
			list = await getJSON(`/api/v1/invoices?order_id=${encodeURIComponent(order.id)}`);
		} catch (err) {
			fill(box, loadError(err, () => ctx.reload()));
			return;
		}
		const open = list.items.find((i) => i.status !== 'void');
		if (open) {
			fill(box, h('p', {}, h('a', { href: href(`invoices/${open.id}`), 'data-open-invoice': '' }, `Invoice ${open.number}`),
				' ', statusBadge(open.status), ` — ${money(open.gross, currency())}, due ${dateText(open.due_on)}.`));
			return;
		}
		if (order.status === 'quoted' || order.status === 'cancelled') {
			fill(box, h('p', { class: 'muted' }, order.status === 'quoted'
				? 'An order is invoiced once it is accepted.'
				: 'A cancelled order is not invoiced.'));
			return;
		}
		const ready = order.status === 'done' || order.status === 'delivered';
		const error = h('div', { class: 'form-error', role: 'alert' });
		const issue = h('button', { type: 'button', class: `button button--${ready ? 'primary' : 'secondary'}`, 'data-issue-invoice': '' }, 'Issue an invoice');
		issue.addEventListener('click', async () => {
			fill(error);
			issue.disabled = true;
			try {
				const inv = await postJSON(`/api/v1/orders/${encodeURIComponent(order.id)}/invoice`, {});
				ctx.go(href(`invoices/${inv.id}`), { flash: `Invoice ${inv.number} issued.` });
			} catch (err) {
				issue.disabled = false;
				fill(error, h('p', {}, h('strong', {}, 'Not issued. '), err.message));
			}
		});
		fill(box,
			h('p', {}, ready
				? 'Invoice the customer for this order at its price (without VAT); the number is the next in line.'
				: 'Not done yet: you can still invoice it now if the customer pays before.'),
			h('div', { class: 'button-row', 'data-needs': 'write' }, issue), error);
	})();
	return section;
}

/* ---- a sale's receipt ---------------------------------------------------- */

/* A sale page's Receipt link: "Receipt S-<id>", the PDF. */
export function saleReceipt(sale) {
	return h('p', { class: 'button-row', 'data-sale-receipt': '' },
		h('a', { class: 'button button--secondary', href: `/api/v1/sales/${encodeURIComponent(sale.id)}/receipt.pdf`, target: '_blank', rel: 'noopener' },
			`Receipt S-${sale.id}`));
}
