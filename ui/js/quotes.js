/* quotes.js - quotes of a custom order: on the order's page its quotes
 * (each with its figures, its PDF, Accept and Withdraw) and, while the
 * order waits for a yes, a form that makes a new one (POST
 * /orders/{id}/quote); and #/quotes/:id, a quote as a printable page that
 * says what its PDF says. doc/API.md section 16a. */

import { api, postJSON } from './api.js';
import { documentView } from './document.js';
import { fill, h } from './dom.js';
import { buildForm } from './forms.js';
import { dateText, money, today } from './format.js';
import { badge, loadError, loading, pageHead } from './page.js';
import { href } from './router.js';
import { currency, loadSettings, resourceSchema } from './schema.js';

const STATUS = { open: 'Open', accepted: 'Accepted', withdrawn: 'Withdrawn' };

const pdfHref = (q) => `/api/v1/quotes/${q.id}.pdf`;

function expired(q) {
	return q.status === 'open' && q.valid_until < today();
}

function statusBadge(q) {
	if (expired(q))
		return badge('Expired', 'overdue', '!');
	return badge(STATUS[q.status] || q.status, `quote-${q.status}`);
}

/* The figures of q in words: "£450.00 + VAT £90.00 = £540.00". */
function priceLine(q) {
	const cur = currency();
	return q.vat
		? `${money(q.price, cur)} + VAT ${money(q.vat, cur)} = ${money(q.total, cur)}`
		: money(q.total, cur);
}

/**
 * Move order on to status: accepting a quoted order that has an open quote
 * standing accepts that quote, so the order takes its price and delivery
 * day as the quote's own Accept does (any other move withdraws an open
 * quote on the server). Resolves to the quote accepted, or null.
 */
export async function moveOrder(order, status) {
	if (order.status === 'quoted' && status === 'accepted') {
		const list = await api.list('quotes', { order_id: order.id, status: 'open', limit: 100 });
		const q = list.items.find((x) => !expired(x));
		if (q) {
			try {
				await postJSON(`/api/v1/quotes/${q.id}/accept`, {});
				return q;
			} catch (err) {
				/* Past its day by the server's clock, not yet by
				 * this one's: the order is accepted on its own. */
				if (err.code !== 'quote_expired')
					throw err;
			}
		}
	}
	await api.update('orders', order.id, { status });
	return null;
}

/**
 * The Quotes panel of order (its record) on its page; go(flash) reloads
 * the page with a message.
 */
export function quotePanel(order, { go }) {
	const box = h('div', {}, loading('its quotes'));
	const problem = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });

	async function act(q, what) {
		problem.hidden = true;
		try {
			await postJSON(`/api/v1/quotes/${q.id}/${what}`, {});
			go(what === 'accept' ? `Quote Q-${q.id} accepted: the order is accepted.` : `Quote Q-${q.id} withdrawn.`);
		} catch (err) {
			problem.hidden = false;
			fill(problem, h('strong', {}, 'Not changed. '), err.message);
		}
	}

	function row(q) {
		const buttons = [];
		if (q.status === 'open' && !expired(q) && order.status === 'quoted') {
			const yes = h('button', { type: 'button', class: 'button button--primary', 'data-quote-accept': q.id, 'data-needs': 'write' }, 'Accept');
			yes.addEventListener('click', () => act(q, 'accept'));
			buttons.push(yes);
		}
		if (q.status === 'open') {
			const no = h('button', { type: 'button', class: 'button button--quiet', 'data-quote-withdraw': q.id, 'data-needs': 'write' }, 'Withdraw');
			no.addEventListener('click', () => act(q, 'withdraw'));
			buttons.push(no);
		}
		return h('li', { class: 'linked-list__item', 'data-quote': q.id },
			h('a', { class: 'linked-list__title', href: href(`quotes/${q.id}`) }, `Quote Q-${q.id}`),
			h('span', { class: 'linked-list__facts' }, statusBadge(q), ' ',
				h('span', { 'data-quote-price': q.total }, priceLine(q)),
				/* Said, as a costed price is one made on its own with
				 * the markup, not a batch's cost in Numbers. */
				q.price_source === 'costing' ? ' · worked out from its costs, made on its own, with your markup' : '',
				` · stands until ${dateText(q.valid_until)}`,
				q.delivery_on ? ` · delivery ${dateText(q.delivery_on)}` : ' · delivery to be agreed'),
			h('span', { class: 'button-row' },
				h('a', { class: 'button button--secondary', href: pdfHref(q), target: '_blank', rel: 'noopener', 'data-quote-pdf': q.id }, 'PDF'),
				buttons));
	}

	async function load() {
		try {
			const [list, schema] = await Promise.all([
				api.list('quotes', { order_id: order.id, limit: 100 }),
				resourceSchema('quotes'),
			]);
			const items = list.items.slice().reverse();
			let form = null;
			if (order.status === 'quoted') {
				const byName = new Map(schema.fields.map((f) => [f.name, f]));
				form = buildForm({
					resource: 'quotes',
					fields: ['price', 'valid_until', 'delivery_on', 'terms'].map((n) => byName.get(n)),
					values: {},
					mode: 'create',
					submitLabel: items.some((q) => q.status === 'open') ? 'Make a new quote' : 'Make the quote',
					onSubmit: async (out) => {
						const q = await postJSON(`/api/v1/orders/${order.id}/quote`, out);
						go(`Quote Q-${q.id} made: ${priceLine(q)}.`);
					},
				});
			}
			fill(box,
				items.length
					? h('ul', { class: 'linked-list', 'data-quotes': '' }, items.map(row))
					: h('p', { class: 'muted' }, 'No quote yet.'),
				form ? h('div', { class: 'subform', 'data-needs': 'write' },
					h('h3', {}, items.length ? 'Quote again' : 'Make a quote'),
					h('p', { class: 'muted' }, 'A quote is kept as you send it. A new one withdraws the open one.'),
					form.form) : null);
		} catch (err) {
			fill(box, loadError(err, load));
		}
	}
	load();
	return h('section', { class: 'panel', 'aria-labelledby': 'order-quotes-h', 'data-section': 'quotes' },
		h('h2', { id: 'order-quotes-h' }, 'Quotes'), problem, box);
}

/** #/quotes/:id: the quote as a page to print, beside its PDF. */
export async function mountQuote(view, ctx) {
	const id = Number(ctx.params.id);
	const head = h('div', {});
	const body = h('div', {}, loading('the quote'));
	fill(view, head, body);
	fill(head, pageHead({ title: `Quote Q-${id}`, back: { href: href('orders'), text: 'Orders' } }));
	let q, order, customer, settings;
	try {
		q = await api.get('quotes', id);
		[order, settings] = await Promise.all([api.get('orders', q.order_id), api.settings()]);
		customer = await api.get('customers', order.customer_id);
		await loadSettings();
	} catch (err) {
		if (ctx.live())
			fill(body, loadError(err, () => ctx.reload()));
		return;
	}
	if (!ctx.live())
		return;
	fill(head, pageHead({
		title: `Quote Q-${id}`,
		back: { href: href(`orders/${order.id}`), text: order.title },
		actions: [
			h('a', { class: 'button button--secondary', href: pdfHref(q), target: '_blank', rel: 'noopener' }, 'Open the PDF'),
			(() => {
				const b = h('button', { type: 'button', class: 'button button--primary' }, 'Print');
				b.addEventListener('click', () => window.print());
				return b;
			})(),
		],
	}));
	/* The quote as its PDF has it: the whole order as one line, so many
	 * at a price each when the price divides, else the lot at its price
	 * (lib/quote.c). */
	const each = order.quantity > 1 && q.price % order.quantity === 0;
	const doc = {
		business: { name: settings.workshop_name, address: settings.address, vat_number: settings.vat_number },
		customer,
		lines: [{
			description: [order.title, order.spec].filter(Boolean).join(', '),
			quantity: each ? order.quantity : 1,
			unit_price: each ? q.price / order.quantity : q.price,
			vat_bp: q.vat_bp,
			net: q.price,
		}],
		vat_shown: Boolean(settings.vat_number),
		net: q.price,
		vat: q.vat,
		gross: q.total,
		currency: currency(),
	};
	fill(body, h('div', { 'data-quote-page': id },
		h('p', {}, statusBadge(q)),
		documentView(doc, 'Quote', `Quote Q-${id}`, [
			['Date', dateText(q.issued_on)],
			['Valid until', dateText(q.valid_until)],
			['Delivery', q.delivery_on ? dateText(q.delivery_on) : 'to be agreed'],
		], { 'data-quote-total': q.total }),
		q.terms ? [h('h3', {}, 'Terms'), h('p', { class: 'invoice__address' }, q.terms)] : null,
		h('p', {}, `This quote stands until ${dateText(q.valid_until)}.`)));
}
