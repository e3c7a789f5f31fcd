/* economics.js - the Numbers pages: what the work earns, and what the
 * figures say about making to order or in batches.
 *
 * #/numbers is the workshop at a glance: what the figures say beside the
 * calculator's saved answer, the hours a week's sales need against the
 * hours there are, the week's profit, and what each product earns an
 * hour against the hourly rate. #/numbers/:id is one product: price,
 * floor and margin, the week made each way, the batch size and every
 * limit on it, a chart of what one costs as batches grow, the verdict,
 * the warnings, and a what-if panel whose sliders try other numbers
 * (POST /economics/what-if) without saving anything. Every figure comes
 * from the server; this file only words and draws it. A figure the server
 * leaves out as too large to show exactly (null, and named by the warning
 * too_large_to_show) is said so in words and left out of the charts. A
 * product with no price yet (price 0, warning no_price) has its figures
 * that need a price said as not known, never as £0.00, and the overview
 * says such products once, as it says once every warning many products
 * share (the server's page-level warnings). Retired products are left
 * out unless the address asks for them (retired=1), as lists do. */

import { api } from './api.js';
import { fill, h, sentence } from './dom.js';
import { barChart, fitChart, lineChart } from './charts.js';
import { currencySymbol, groupDigits, minutesText, money, moneyPlain, parseMoney, parseWhole } from './format.js';
import { badge, emptyState, facts, jumpBar, linkButton, loadError, loadInto, loading, pageHead } from './page.js';
import { href } from './router.js';
import { currency, loadSettings, messageText } from './schema.js';

/* ---- words --------------------------------------------------------------- */

/* The three ways of working, as a short title and inside a sentence. */
const WAY = {
	job: { title: 'Made to order', text: 'made to order (job production)' },
	batch: { title: 'In batches', text: 'in batches (batch production)' },
	mixed: { title: 'A mix of both', text: 'a mix of made to order and batches' },
};

const MODE = { job: 'Made only to order', batch: 'Made only in batches', both: 'Made both ways' };

/* The limits on a batch: a name, what the number means, and why one does not apply. */
const CAPS = [
	['epq', 'Best for cost (EPQ)', 'where set-up cost and the cost of keeping stock balance', 'needs sales, set-up time and a cost of keeping stock'],
	['equipment', 'Your largest batch', 'the most one run can make, from the product', 'no largest batch set on the product'],
	['storage', 'Room left in storage', 'what your free storage holds', 'no storage capacity set, or it takes no room'],
	['shelf_life', 'Sells before it goes off', 'what sells within its shelf life', 'it keeps, or it has no sales yet'],
	['demand', 'A year’s sales', 'about a year of sales at the recent rate', 'no sales in the last four weeks'],
];

/* Why the batch size is what it is, in a sentence. */
function boundText(p) {
	const n = p.batch.caps[p.batch.bound_by];
	if (leftOut(p, `batch.caps.${p.batch.bound_by}`) || p.batch.recommended === null)
		return 'The size is too large to show: check the product’s numbers.';
	if (n === null || n === undefined)
		return 'Nothing sets a size yet. Record sales, or set the largest batch on the product.';
	switch (p.batch.bound_by) {
	case 'epq':
		return 'Set by cost: bigger runs would cost more to keep in stock than they save in set-up.';
	case 'equipment':
		return `Set by your equipment: the most one run can make is ${groupDigits(n)}.`;
	case 'storage':
		return `Set by storage: your free space holds ${groupDigits(n)}.`;
	case 'shelf_life':
		return `Set by the shelf life: only about ${groupDigits(n)} sell before they go off.`;
	default:
		return `Set by demand: ${groupDigits(n)} is about a year of sales.`;
	}
}

/* What to do about each warning, and where. */
function warningAction(code, id) {
	switch (code) {
	case 'below_floor':
		return ['Raise the price, or find time or materials to save.', 'Change the price', href(`products/${id}`)];
	case 'unsold_stock':
		return ['Make smaller batches: no more than sell before they go off.', 'Plan a batch', href('batches/new', { product_id: id })];
	case 'no_price':
		return ['Set a price on the product to see what it earns.', 'Set the price', href(`products/${id}`)];
	case 'no_tracking':
		return ['Time the next few with the timer, so the costs rest on real minutes.', 'Open the timer', href('timer')];
	case 'no_minutes':
		return ['Set the minutes it takes to make one on the product, or time a few with the timer.', 'Set the minutes', href(`products/${id}`)];
	case 'estimate_off':
		return ['Change the minutes on the product to what you really take.', 'Change the minutes', href(`products/${id}`)];
	case 'storage_full':
		return ['Sell down what is on the shelves before the next run.', 'See your stock', href('stock')];
	case 'no_cleaning_time':
		return ['Add set-up minutes to the product for cleaning down between jobs and batches.', 'Add set-up minutes', href(`products/${id}`)];
	case 'wholesale_above_retail':
		return ['Set the retail percentage to 100 or more, so shops sell for at least what they pay.', 'Change the settings', href('settings')];
	case 'over_capacity':
		return ['Raise the price, make it in bigger batches, or find help: the week is too short.', null, null];
	case 'too_large_to_show':
		return ['Check the numbers entered: one of them is far larger than it should be.', 'Check the product', href(`products/${id}`)];
	default:
		return [null, null, null];
	}
}

/* What to do about a warning many products share, and where: what is
 * changed on each product, from the products list (several at once). */
function groupAction(code) {
	const products = (todo) => [todo, 'Go to your products', href('products')];
	switch (code) {
	case 'no_price':
		return products('Set a price on each: one by one, or several at once in the products list.');
	case 'below_floor':
		return products('Raise each price to at least its floor, or find time or materials to save.');
	case 'unsold_stock':
		return ['Make smaller batches of each: no more than sell before they go off.', 'Plan a batch', href('batches/new')];
	case 'no_minutes':
		return products('Set the minutes it takes to make each, or time a few with the timer.');
	case 'estimate_off':
		return products('Change the minutes on each product to what you really take.');
	case 'no_cleaning_time':
		return products('Add set-up minutes to each for cleaning down between jobs and batches.');
	case 'too_large_to_show':
		return products('Check the numbers entered on each: one of them is far larger than it should be.');
	default:
		return warningAction(code, 0);
	}
}

/* ---- numbers as words ------------------------------------------------------- */

const TOO_LARGE = 'too large to show';
const NO_PRICE = 'not known: no price yet';

/* Money, or words when the server left the figure out as too large. */
function cash(minor) {
	return minor === null || minor === undefined ? TOO_LARGE : money(minor, currency());
}

/* A count, or words when it was left out as too large. */
function whole(n) {
	return n === null || n === undefined ? TOO_LARGE : groupDigits(n);
}

/* Minutes, or words when they were left out as too large. */
function mins(n) {
	return n === null || n === undefined ? TOO_LARGE : minutesText(n);
}

/* Is the figure at path ("week.profit_job") one the server left out as too large? */
function leftOut(p, path) {
	return (p.warnings || []).some((w) => w.code === 'too_large_to_show' && (w.fields || []).includes(path));
}

/* Has the product no price yet (price 0: the server's no_price warning)? */
function unpriced(p) {
	return (p.warnings || []).some((w) => w.code === 'no_price');
}

/* A figure that needs the price: words for it, or that it is not known. */
function priced(p, text) {
	return unpriced(p) ? NO_PRICE : text;
}

/* An amount that never breaks across lines, for tables. */
function amount(minor) {
	return h('span', { class: 'nowrap' }, cash(minor));
}

/** "£18.50 an hour". */
function perHour(minor) {
	return `${cash(minor)} an hour`;
}

/** Basis points as a percentage, exactly: 1345 -> "13.45 %", -9556 -> "−95.56 %". */
function percentBp(bp) {
	if (bp === null || bp === undefined)
		return TOO_LARGE;
	const a = Math.abs(Math.trunc(bp));
	const text = `${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')} %`;
	return bp < 0 ? `−${text}` : text;
}

/** The server's detail for a warning, in the page's money and words. */
function warningDetail(w, p) {
	if (w.code === 'below_floor' && p.price_floor !== null)
		return `The price, ${cash(p.price)}, is below the floor of ${cash(p.price_floor)}: raise it to at least ${cash(p.price_floor)}.`;
	if (w.code === 'below_floor')
		return `The price, ${cash(p.price)}, is below the floor, which is too large to show.`;
	if (w.code === 'no_tracking')
		return `The costs use your estimate of ${minutesText(p.minutes_per_unit)} each. Time a few and mark them done.`;
	if (w.code === 'no_minutes')
		return 'No minutes to make one are set and none are tracked, so the costs count the materials only.';
	if (w.code === 'no_price' && (w.fields || []).includes('workshop.profit_week'))
		return 'A product that sold has no price yet, so the week’s profit is not known.';
	if (w.code === 'no_price')
		return `Its price is ${cash(0)}, taken as not set yet: set one to see ${(w.fields || []).map((f) => FIGURE_WORDS[f] || f).join(', ')}.`;
	if (w.code === 'over_capacity' && p.week.demand !== null && p.week.minutes_needed_batch !== null)
		return `${groupDigits(p.week.demand)} a week need ${minutesText(p.week.minutes_needed_batch)} even in batches; your week has ${minutesText(p.week.minutes_available)}.`;
	if (w.code === 'too_large_to_show')
		return `Left out: ${(w.fields || []).map((f) => FIGURE_WORDS[f] || f).join(', ')}.`;
	return messageText('products', w.detail || '');
}

/* The figures the server may leave out, in words. */
const FIGURE_WORDS = {
	minutes_per_unit: 'the minutes to make one',
	'unit_cost.job': 'the cost of one made on its own',
	'unit_cost.batch': 'the cost of one in a batch',
	'unit_cost.batch_size': 'the batch size',
	price_floor: 'the price floor',
	margin: 'the margin',
	margin_bp: 'the margin as a share of the price',
	'suggested_prices.cost_plus': 'the cost-plus price',
	'suggested_prices.wholesale': 'the wholesale price',
	'suggested_prices.retail': 'the retail price',
	earned_per_hour: 'what an hour earns',
	'week.demand': 'the sales a week',
	'week.capacity_units_job': 'how many a week makes to order',
	'week.capacity_units_batch': 'how many a week makes in batches',
	'week.minutes_needed_job': 'the time a week needs to order',
	'week.minutes_needed_batch': 'the time a week needs in batches',
	'week.profit_job': 'the profit a week made to order',
	'week.profit_batch': 'the profit a week in batches',
	lead_days: 'the days a new order waits',
	'batch.epq': 'the size best for cost',
	'batch.recommended': 'the batch to make',
	'workshop.minutes_needed': 'the time a week needs',
	'workshop.profit_week': 'the profit a week',
	'workshop.queue_minutes': 'the time your orders need',
};

/* The money a week, with the words a loss needs. */
function profitText(minor) {
	return minor !== null && minor < 0 ? `${cash(minor)} (a loss)` : cash(minor);
}

/* The better week of the two, or null when either is too large to show. */
function bestProfit(w) {
	return w.profit_job === null || w.profit_batch === null ? null : Math.max(w.profit_job, w.profit_batch);
}

/* ---- pieces both pages use ---------------------------------------------------- */

/* One of a product's warnings: what, its numbers, and what to do. */
function warningItem(w, p, { withName = false } = {}) {
	const [todo, linkText, linkHref] = warningAction(w.code, p.product_id);
	return h('li', { class: 'econ-warning', 'data-warning': w.code, 'data-product-id': p.product_id },
		h('p', { class: 'econ-warning__text' },
			h('span', { class: 'econ-warning__mark', 'aria-hidden': 'true' }, '!'),
			withName ? [h('a', { href: href(`numbers/${p.product_id}`) }, p.name), ': '] : null,
			w.text),
		h('p', { class: 'econ-warning__detail', 'data-detail': '' }, warningDetail(w, p)),
		todo ? h('p', { class: 'econ-warning__todo' }, h('strong', {}, 'What to do: '), todo, ' ',
			linkText ? h('a', { href: linkHref }, linkText) : null) : null);
}

function warningList(p) {
	return h('ul', { class: 'econ-warnings' }, p.warnings.map((w) => warningItem(w, p)));
}

/* ---- #/numbers ------------------------------------------------------------------ */

function verdictPanel(workshop) {
	const advised = workshop.advised;
	const verdict = workshop.verdict;
	const both = advised && verdict;
	let agreement = null;
	if (both) {
		agreement = workshop.agrees
			? h('p', { class: 'verdict__agree', 'data-agrees': 'true' }, badge('They agree', 'status-done', '✓'))
			: h('p', { class: 'verdict__agree', 'data-agrees': 'false' }, badge('They disagree', 'overdue', '!'));
	}
	return h('section', { class: 'panel verdict', 'aria-labelledby': 'numbers-verdict-h', 'data-verdict-panel': '' },
		h('h2', { id: 'numbers-verdict-h' }, 'Job, batch or both: your answer and your figures'),
		h('div', { class: 'verdict__pair' },
			h('div', { class: 'verdict__side', 'data-advised': advised || '' },
				h('p', { class: 'verdict__label' }, 'Your answer to the five questions'),
				advised ? h('p', { class: `verdict__way verdict__way--${advised}` }, WAY[advised]?.title || advised)
					: h('p', { class: 'verdict__way verdict__way--none' }, 'Not saved yet'),
				h('p', { class: 'verdict__more' }, h('a', { href: href('advice') },
					advised ? 'Answer the questions again' : 'Answer the five questions'))),
			h('div', { class: 'verdict__side', 'data-verdict': verdict || '' },
				h('p', { class: 'verdict__label' }, 'What your figures say'),
				verdict ? h('p', { class: `verdict__way verdict__way--${verdict}` }, WAY[verdict]?.title || verdict)
					: h('p', { class: 'verdict__way verdict__way--none' }, 'Not enough sales yet'),
				h('p', { class: 'verdict__more muted' }, 'From your products with sales in the last four weeks.'))),
		agreement,
		h('p', { class: 'verdict__why', 'data-why': '' }, sentence(workshop.why)),
		!advised ? h('p', { class: 'muted' }, 'After the questions, choose “Save this as my answer” under the advice to set it here.') : null);
}

function weekPanel(workshop, counted, soldUnpriced) {
	const { minutes_available: have, minutes_needed: need, queue_minutes: queue, profit_week: profit } = workshop;
	let hours;
	if (have > 0 && need === null) {
		hours = h('p', { class: 'week__hours', 'data-hours': '', 'data-available': have },
			h('strong', {}, `More time than can be shown, of ${minutesText(have)}`),
			' needed for a week of sales. ',
			h('span', { class: 'text-overdue' }, 'Check the products’ numbers.'));
	} else if (have <= 0) {
		hours = h('p', { 'data-hours': '' }, 'Your week has no working hours set. ',
			h('a', { href: href('settings') }, 'Set your hours in Settings'), '.');
	} else {
		const pct = Math.round((need / have) * 100);
		const over = need > have;
		const bar = h('div', { class: `bar bar--big${over ? ' bar--over' : ''}`, 'aria-hidden': 'true' },
			h('span', { class: 'bar__fill' }));
		bar.firstChild.style.setProperty('--fill', `${Math.min(100, pct)}%`);
		hours = [
			h('p', { class: 'week__hours', 'data-hours': '', 'data-needed': need, 'data-available': have },
				h('strong', {}, `${minutesText(need)} of ${minutesText(have)}`),
				` needed for a week of sales (${pct} %). `,
				over ? h('span', { class: 'text-overdue' }, `That is ${minutesText(need - have)} more than your week has.`)
					: `${minutesText(have - need)} to spare.`),
			bar,
			h('p', { class: 'muted week__scale', 'aria-hidden': 'true' },
				h('span', {}, '0 h'), h('span', {}, minutesText(have))),
		];
	}
	return h('section', { class: 'panel', 'aria-labelledby': 'numbers-week-h', 'data-week': '' },
		h('h2', { id: 'numbers-week-h' }, 'A week'),
		hours,
		queue === null || queue > 0 ? h('p', { 'data-queue': queue ?? '' }, `Orders you have taken need another ${mins(queue)}.`) : null,
		soldUnpriced > 0
			? h('p', { class: 'week__profit', 'data-profit': '', 'data-profit-unpriced': soldUnpriced },
				'Profit in a week: ', h('strong', {}, 'not known'),
				`: ${soldUnpriced === 1 ? 'a product that sold has' : `${soldUnpriced} products that sold have`} no price yet.`)
			: counted === 0 ? h('p', { class: 'week__profit', 'data-profit': '' },
				'Profit in a week: ', h('strong', {}, 'not known yet'), '.')
			: h('p', { class: 'week__profit', 'data-profit': profit ?? '' },
				'Profit in a week: ', h('strong', {}, profitText(profit)),
				profit !== null && profit < 0 ? [' ', badge('Loss', 'overdue', '!')] : null),
		h('p', { class: 'muted' }, counted === 0
			? 'No product has sold in the last four weeks, so nothing counts yet.'
			: `Counts the ${counted === 1 ? 'one product' : `${counted} products`} with sales in the last four weeks, each made the way that pays best.`));
}

function earnedTable(products, rate) {
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table table--econ', 'data-table': 'earned' },
		h('caption', { class: 'visually-hidden' }, 'What each product earns an hour, its price, price floor and margin'),
		h('thead', {}, h('tr', {},
			h('th', { scope: 'col' }, 'Product'),
			h('th', { scope: 'col', class: 'col--money' }, 'Earns an hour'),
			h('th', { scope: 'col', class: 'col--money' }, 'Price'),
			h('th', { scope: 'col', class: 'col--money' }, 'Price floor'),
			h('th', { scope: 'col', class: 'col--money' }, 'Margin'),
			h('th', { scope: 'col' }, 'Best made'))),
		h('tbody', {}, products.map((p) => {
			const short = p.minutes_per_unit > 0 && p.earned_per_hour !== null && p.earned_per_hour < rate;
			return h('tr', { 'data-product-id': p.product_id },
				h('th', { scope: 'row', 'data-label': 'Product' }, h('a', { href: href(`numbers/${p.product_id}`) }, p.name),
					p.retired ? [' ', badge('Retired', 'plain')] : null),
				h('td', { class: 'col--money', 'data-label': 'Earns an hour', 'data-earned': p.earned_per_hour },
					p.minutes_per_unit > 0 ? h('span', {}, amount(p.earned_per_hour),
						short ? [' ', badge('Under rate', 'overdue', '!')] : null)
						: h('span', { class: 'muted' }, 'No time set')),
				h('td', { class: 'col--money', 'data-label': 'Price' }, amount(p.price)),
				h('td', { class: 'col--money', 'data-label': 'Price floor' }, h('span', {}, amount(p.price_floor),
					p.price_floor !== null && p.price < p.price_floor ? [' ', badge('Price below', 'overdue', '!')] : null)),
				h('td', { class: 'col--money', 'data-label': 'Margin', 'data-margin': p.margin }, amount(p.margin)),
				h('td', { 'data-label': 'Best made' }, WAY[p.verdict.best]?.title || p.verdict.best));
		}))));
}

/* Links to each product's numbers, "A, B and C", or "A, B, C" when more
 * follow. */
function productLinks(list, more) {
	return list.flatMap((p, i) => [
		i === 0 ? null : i === list.length - 1 && !more ? ' and ' : ', ',
		h('a', { href: href(`numbers/${p.product_id}`) }, p.name),
	]);
}

/* How many names a shared warning shows before "and N more". */
const GROUP_NAMES = 5;

/* The products a shared warning names: the first few ("and N more"),
 * and behind a summary all of them, linked, each with its own numbers
 * where they differ (a price below a floor); byId finds each product. */
function groupNames(g, byId) {
	const first = g.products.slice(0, GROUP_NAMES);
	const rest = g.products.length - first.length;
	const each = g.products.map((ref) => {
		const p = byId.get(ref.product_id);
		const w = p && p.warnings.find((x) => x.code === g.code);
		return { ref, text: w ? warningDetail(w, p) : '' };
	});
	const same = new Set(each.map((e) => e.text)).size <= 1;
	const names = h('p', {}, productLinks(first, rest > 0), rest > 0 ? ` and ${groupDigits(rest)} more.` : '.');
	if (same && rest === 0)
		return h('div', { class: 'econ-warning__detail', 'data-names': '' }, names);
	return h('div', { class: 'econ-warning__detail', 'data-names': '' },
		names,
		h('details', { class: 'econ-warning__more' },
			h('summary', {}, same ? `All ${groupDigits(g.count)}` : `Each one’s numbers (${groupDigits(g.count)})`),
			h('ul', { class: `econ-warning__all${same ? '' : ' econ-warning__all--numbers'}` }, each.map(({ ref, text }) =>
				h('li', { 'data-product-id': ref.product_id },
					h('a', { href: href(`numbers/${ref.product_id}`) }, ref.name),
					same ? null : [': ', h('span', { 'data-detail': '' }, text)])))));
}

/* The page's warnings, each once (the server's groups). A warning of one
 * product is that product's own, as on its page; one many share says how
 * many, names them and what to do about them all. */
function groupList(groups, products) {
	const byId = new Map(products.map((p) => [p.product_id, p]));
	return h('ul', { class: 'econ-warnings', 'data-groups': '' }, groups.map((g) => {
		if (g.count === 1) {
			const p = byId.get(g.products[0].product_id);
			const own = p && p.warnings.find((w) => w.code === g.code);
			if (own)
				return warningItem(own, p, { withName: true });
		}
		const [todo, linkText, linkHref] = groupAction(g.code);
		return h('li', { class: 'econ-warning', 'data-warning': g.code, 'data-count': g.count },
			h('p', { class: 'econ-warning__text' },
				h('span', { class: 'econ-warning__mark', 'aria-hidden': 'true' }, '!'),
				h('strong', {}, sentence(g.text))),
			groupNames(g, byId),
			todo ? h('p', { class: 'econ-warning__todo' }, h('strong', {}, 'What to do: '), todo, ' ',
				linkText ? h('a', { href: linkHref }, linkText) : null) : null);
	}));
}

/** #/numbers: the workshop's figures at a glance. */
export function mountNumbers(view, ctx) {
	const body = h('div', { class: 'numbers', 'data-numbers': '' });
	// As a list of products: retired ones only when asked.
	const withRetired = ctx.query.get('retired') === '1';
	fill(view,
		pageHead({
			title: 'Numbers',
			lead: 'What your work earns for an hour of your time, what a week of sales asks of you, and what the figures say about making to order or in batches.',
			flash: ctx.flash,
			actions: [linkButton('Your rate and hours', href('settings'), 'secondary')],
		}),
		body);
	const charts = [];
	ctx.onLeave(() => charts.forEach((c) => c.stop()));

	loadInto(body, ctx, 'your numbers', async () => {
		const [econ, settings] = await Promise.all([api.economics({ retired: withRetired ? 1 : null }), loadSettings(true)]);
		return { econ, settings };
	}, ({ econ, settings }) => {
		const { products, workshop } = econ;
		const groups = econ.warnings || [];
		const retiredLink = h('p', { class: 'numbers__retired', 'data-retired-toggle': withRetired ? '1' : '0' },
			withRetired ? h('a', { href: href('numbers') }, 'Leave out retired products')
				: h('a', { href: href('numbers', { retired: 1 }) }, 'Show retired products too'));
		if (products.length === 0) {
			return [emptyState({
				title: 'No products yet',
				text: 'Your numbers are worked out per product, from its price, materials and the time it takes. Add your first product.',
				action: linkButton('Add your first product', href('products/new'), 'secondary'),
			}), withRetired ? null : retiredLink];
		}
		const rate = settings.hourly_rate;
		// Products with no price yet are said once, not as rows of £0.00.
		const withPrice = products.filter((p) => !unpriced(p));
		const noPrice = groups.find((g) => g.code === 'no_price');
		const timed = withPrice.filter((p) => p.minutes_per_unit > 0 && p.earned_per_hour !== null);
		const sold = (p) => p.week.demand !== null && p.week.demand > 0;
		const counted = products.filter(sold).length;
		const short = timed.filter((p) => p.earned_per_hour < rate);
		// The workshop's no_price is the week's profit, said in its panel.
		const workshopWarnings = (workshop.warnings || []).filter((w) => w.code !== 'no_price');

		const canvas = h('div', { class: 'chart-box', 'data-chart-canvas': '' });
		const chartText = withPrice.length === 0 ? 'No product has a price yet, so there is nothing to chart.'
			: timed.length === 0 ? 'No product with a price has its minutes set, so there is nothing to chart.'
				: `${short.length === 0 ? 'Every product earns at least' : `${short.length} of ${timed.length} earn less than`} your rate of ${perHour(rate)}.`;
		const figure = h('figure', { class: 'chart-figure', 'data-chart': 'earned' },
			timed.length ? canvas : null,
			h('figcaption', { class: 'chart-figure__caption' }, chartText,
				withPrice.length ? ' The table below gives the same figures.' : null));
		// Named once, under "Worth a look"; here only why the table is short.
		const unpricedLine = noPrice ? h('p', { class: 'muted', 'data-unpriced': noPrice.count },
			noPrice.count === 1 ? 'One product has no price yet, so what it earns is not known and it is not in this table.'
				: `${groupDigits(noPrice.count)} products have no price yet, so what they earn is not known and they are not in this table.`,
			' ', h('a', { href: href('products') }, 'Set their prices'), '.') : null;

		const out = [
			h('div', { class: 'detail__grid' },
				h('div', { class: 'detail__col' }, verdictPanel(workshop)),
				h('div', { class: 'detail__col' }, weekPanel(workshop, counted, products.filter((p) => sold(p) && unpriced(p)).length))),
			h('section', { class: 'panel', 'aria-labelledby': 'numbers-earned-h', 'data-earned-panel': '' },
				h('h2', { id: 'numbers-earned-h' }, 'What each product earns an hour'),
				h('p', { class: 'muted' }, `Price less materials, for each hour it takes to make. The line is your hourly rate, ${perHour(rate)}; a hatched bar earns less.`),
				figure,
				withPrice.length ? earnedTable(withPrice, rate) : null,
				unpricedLine,
				h('p', { class: 'muted' }, 'Choose a product for its costs, its batch size, and to try other numbers.'),
				retiredLink),
			h('section', { class: 'panel', 'aria-labelledby': 'numbers-attention-h', 'data-attention': '' },
				h('h2', { id: 'numbers-attention-h' }, 'Worth a look'),
				workshopWarnings.length ? h('ul', { class: 'econ-warnings' }, workshopWarnings.map((w) =>
					h('li', { class: 'econ-warning', 'data-warning': w.code },
						h('p', { class: 'econ-warning__text' },
							h('span', { class: 'econ-warning__mark', 'aria-hidden': 'true' }, '!'), w.text),
						h('p', { class: 'econ-warning__detail', 'data-detail': '' }, warningDetail(w, {}))))) : null,
				groups.length === 0 && !workshopWarnings.length ? h('p', {}, 'Nothing: no product has a warning.')
					: groupList(groups, products)),
		];
		if (timed.length > 0) {
			queueMicrotask(() => {
				if (!ctx.live())
					return;
				charts.push(fitChart(canvas, barChart({
					label: `Bar chart of what each product earns an hour, against your rate of ${perHour(rate)}.`,
					items: timed.map((p) => ({ key: p.product_id, name: p.name, value: p.earned_per_hour })),
					format: cash,
					ref: { value: rate, text: `Your rate ${cash(rate)}` },
					under: 'under your rate',
				})));
			});
		}
		return out;
	});
}

/* ---- #/numbers/:id ---------------------------------------------------------------- */

/* The sliders of the what-if panel: what each tries, and its range from
 * the stored numbers. */
function sliderSpecs(p, settings) {
	const moneyStep = (max) => (max <= 2000 ? 5 : max <= 10000 ? 10 : max <= 50000 ? 50 : max <= 200000 ? 100 : 500);
	const roundUp = (v, step) => Math.ceil(v / step) * step;
	const priceTop = Math.max(p.price * 2, p.price_floor * 2, p.suggested_prices.retail, 1000);
	const rateTop = Math.max(settings.hourly_rate * 2, 5000);
	const caps = Object.values(p.batch.caps).filter((c) => c !== null && c !== undefined);
	const batchTop = Math.min(5000, Math.max(10, p.batch.recommended * 2, p.unit_cost.batch_size, ...caps.filter((c) => c <= 5000)));
	const demand = p.week.demand;
	const minutes = p.minutes_per_unit;
	const specs = [
		{ key: 'price', label: 'Price (each)', kind: 'money', min: 0, step: moneyStep(priceTop), max: roundUp(priceTop, moneyStep(priceTop)) },
		{ key: 'batch_size', label: 'Batch size', kind: 'count', unit: 'in a run', min: 1, step: 1, max: batchTop, batch: true },
		{ key: 'weekly_demand', label: 'Sold a week', kind: 'count', unit: 'a week', min: 0, step: 1, max: Math.max(20, (demand || 0) * 3) },
		{ key: 'minutes_per_unit', label: 'Minutes to make one', kind: 'minutes', unit: 'min', min: Math.min(1, minutes), step: 1, max: Math.max(60, minutes * 3) },
		{ key: 'hourly_rate', label: 'Your hourly rate', kind: 'money', min: 0, step: 50, max: roundUp(rateTop, 50) },
	];
	return p.mode === 'job' ? specs.filter((s) => !s.batch) : specs;
}

/* The stored numbers the sliders start from. */
function startValues(p, settings) {
	return {
		price: p.price,
		batch_size: p.unit_cost.batch_size,
		weekly_demand: p.week.demand,
		minutes_per_unit: p.minutes_per_unit,
		hourly_rate: settings.hourly_rate,
	};
}

function valueText(spec, v) {
	if (v === null || v === undefined)
		return 'not known';
	if (spec.kind === 'money')
		return spec.key === 'hourly_rate' ? perHour(v) : cash(v);
	if (spec.kind === 'minutes')
		return `${minutesText(v)} each`;
	return `${groupDigits(v)} ${spec.unit}`;
}

/** #/numbers/:id: one product's figures, a chart, and the what-if panel. */
export async function mountProductNumbers(view, ctx) {
	const id = Number(ctx.params.id);
	const head = h('div');
	const body = h('div', { class: 'numbers numbers--product' }, loading('the numbers'));
	fill(view, head, body);
	const back = { href: href('numbers'), text: 'Numbers' };
	fill(head, pageHead({ title: 'Numbers', back, flash: ctx.flash }));

	let stored;
	let settings;
	try {
		[stored, settings] = await Promise.all([api.productEconomics(id), loadSettings(true)]);
	} catch (err) {
		if (!ctx.live())
			return;
		if (err.status === 404)
			fill(body, h('p', { class: 'notice' }, `There is no product ${id}. It may have been deleted. `,
				h('a', { href: href('numbers') }, 'See all your numbers'), '.'));
		else
			fill(body, loadError(err, () => ctx.reload()));
		return;
	}
	if (!ctx.live())
		return;

	ctx.setTitle(`${stored.name}: numbers`);
	fill(head, pageHead({
		title: `${stored.name}: the numbers`,
		back,
		flash: ctx.flash,
		actions: [linkButton('Change the product', href(`products/${id}`), 'secondary')],
	}));
	head.querySelector('.page-head__row').after(h('p', { class: 'page-head__badges' },
		badge(MODE[stored.mode] || stored.mode, 'plain'), ' ',
		badge(stored.time_source === 'tracked' ? 'Time: tracked' : 'Time: your estimate',
			stored.time_source === 'tracked' ? 'status-done' : 'status-planned')));

	const isJob = stored.mode === 'job';
	const rate0 = settings.hourly_rate;
	const specs = sliderSpecs(stored, settings);
	const start = startValues(stored, settings);
	const values = { ...start };
	const dirty = new Set();

	/* Boxes the figures are drawn into, again after every what-if. */
	const box = {
		trying: h('div', { 'data-trying-box': '' }),
		price: h('div'),
		earned: h('div'),
		week: h('div'),
		batch: h('div'),
		verdict: h('div'),
		warnings: h('div'),
		curveText: h('div'),
		result: h('div', { class: 'what-if__result', 'data-what-if-result': '' }),
	};
	const canvas = h('div', { class: 'chart-box', 'data-chart-canvas': '' });
	const status = h('p', { class: 'what-if__status', role: 'status', 'data-what-if-status': '' }, 'Showing your stored numbers.');
	const panelError = h('div', { class: 'form-error', role: 'alert', 'data-what-if-error': '' });
	const figures = h('div', { class: 'numbers__figures', 'data-figures': '' },
		box.trying,
		h('section', { class: 'panel', 'aria-labelledby': 'num-price-h', 'data-price': '' },
			h('h2', { id: 'num-price-h' }, 'Price and cost'), box.price),
		h('section', { class: 'panel', 'aria-labelledby': 'num-earned-h', 'data-earned': '' },
			h('h2', { id: 'num-earned-h' }, 'What an hour earns'), box.earned),
		isJob ? null : h('section', { class: 'panel', 'aria-labelledby': 'num-chart-h', 'data-cost-chart': '' },
			h('h2', { id: 'num-chart-h' }, 'What one costs as batches grow'),
			h('figure', { class: 'chart-figure', 'data-chart': 'cost' },
				canvas,
				h('ul', { class: 'chart-legend', 'aria-hidden': 'true' },
					h('li', {}, h('span', { class: 'key key--curve' }), 'One in a batch (dashed past the sizes worked out)'),
					h('li', {}, h('span', { class: 'key key--job' }), 'One made on its own'),
					h('li', {}, h('span', { class: 'key key--price' }), 'Your price'),
					h('li', {}, h('span', { class: 'key key--chosen' }), 'The batch to make'),
					h('li', {}, h('span', { class: 'key key--cap' }), 'A limit on the batch')),
				h('figcaption', { class: 'chart-figure__caption' }, box.curveText))),
		h('section', { class: 'panel', 'aria-labelledby': 'num-batch-h', 'data-batch': '' },
			h('h2', { id: 'num-batch-h' }, isJob ? 'Batch size' : 'The batch to make'), box.batch),
		h('section', { class: 'panel', 'aria-labelledby': 'num-week-h', 'data-week': '' },
			h('h2', { id: 'num-week-h' }, 'A week, and a new order'), box.week),
		h('section', { class: 'panel', 'aria-labelledby': 'num-verdict-h', 'data-verdict-panel': '' },
			h('h2', { id: 'num-verdict-h' }, 'Best made'), box.verdict),
		h('section', { class: 'panel', 'aria-labelledby': 'num-warnings-h', 'data-warnings': '' },
			h('h2', { id: 'num-warnings-h' }, 'Worth a look'), box.warnings));

	/* ---- the what-if panel ---- */

	const controls = new Map();

	function showValue(spec, v) {
		const c = controls.get(spec.key);
		const n = v === null || v === undefined ? 0 : v;
		if (n > Number(c.range.max))
			c.range.max = String(n);
		c.range.value = String(n);
		mark(spec, v);
		c.box.value = v === null || v === undefined ? '' : (spec.kind === 'money' ? moneyPlain(v, currency()) : String(v));
		c.changed.hidden = !dirty.has(spec.key);
	}

	/* What a slider says to a screen reader, and the minutes in hours. */
	function mark(spec, v) {
		const c = controls.get(spec.key);
		c.range.setAttribute('aria-valuetext', valueText(spec, v));
		if (c.readout)
			c.readout.textContent = v === null || v === undefined || v < 60 ? '' : `= ${minutesText(v)}`;
	}

	function setError(spec, text) {
		const c = controls.get(spec.key);
		c.error.hidden = !text;
		fill(c.error, text ? [h('span', { class: 'field__error-mark', 'aria-hidden': 'true' }, '!'), text] : []);
		if (text)
			c.box.setAttribute('aria-invalid', 'true');
		else
			c.box.removeAttribute('aria-invalid');
	}

	function take(spec, v) {
		values[spec.key] = v;
		if (v === start[spec.key])
			dirty.delete(spec.key);
		else
			dirty.add(spec.key);
		controls.get(spec.key).changed.hidden = !dirty.has(spec.key);
		schedule();
	}

	function slider(spec) {
		const base = `wi-${spec.key}`;
		const labelId = `${base}-label`;
		const hintId = `${base}-hint`;
		const errorId = `${base}-error`;
		const range = h('input', {
			type: 'range', id: `${base}-range`, class: 'slider__range', min: spec.min, max: spec.max, step: spec.step,
			'aria-labelledby': labelId, 'aria-describedby': hintId, 'data-slider': spec.key,
		});
		const boxInput = h('input', {
			type: 'text', id: `${base}-box`, class: 'input input--number slider__box',
			inputmode: spec.kind === 'money' ? 'decimal' : 'numeric', autocomplete: 'off',
			'aria-describedby': `${hintId} ${errorId}`, 'data-slider-box': spec.key,
		});
		const stored = start[spec.key];
		const hint = h('p', { class: 'field__hint', id: hintId },
			stored === null ? 'Stored: no sales in the last four weeks.' : `Stored: ${valueText(spec, stored)}.`);
		const changed = h('span', { class: 'slider__changed', hidden: true }, ' (changed)');
		const error = h('p', { class: 'field__error', id: errorId, hidden: true });
		let boxed;
		if (spec.kind === 'money')
			boxed = h('span', { class: 'input-affix' }, h('span', { class: 'input-affix__text', 'aria-hidden': 'true' }, currencySymbol(currency())), boxInput);
		else
			boxed = h('span', { class: 'input-affix input-affix--after' }, boxInput, h('span', { class: 'input-affix__text', 'aria-hidden': 'true' }, spec.unit));
		const readout = spec.kind === 'minutes' ? h('span', { class: 'slider__readout', 'data-readout': '' }) : null;
		controls.set(spec.key, { range, box: boxInput, error, changed, readout });

		range.addEventListener('input', () => {
			const v = Number(range.value);
			setError(spec, null);
			take(spec, v);
			mark(spec, v);
			boxInput.value = spec.kind === 'money' ? moneyPlain(v, currency()) : String(v);
		});
		boxInput.addEventListener('input', () => {
			const text = boxInput.value.trim();
			if (text === '' && spec.key === 'weekly_demand' && start.weekly_demand === null) {
				setError(spec, null);
				take(spec, null);
				return;
			}
			const parsed = spec.kind === 'money' ? parseMoney(text, currency()) : parseWhole(text);
			let err = parsed.error;
			if (!err && parsed.value < spec.min)
				err = `Use ${spec.kind === 'money' ? cash(spec.min) : groupDigits(spec.min)} or more.`;
			if (err) {
				setError(spec, err);
				return;
			}
			setError(spec, null);
			if (parsed.value > Number(range.max))
				range.max = String(parsed.value);
			range.value = String(parsed.value);
			mark(spec, parsed.value);
			take(spec, parsed.value);
		});
		boxInput.addEventListener('change', () => {
			if (!boxInput.hasAttribute('aria-invalid') && values[spec.key] !== null)
				boxInput.value = spec.kind === 'money' ? moneyPlain(values[spec.key], currency()) : String(values[spec.key]);
		});

		return h('div', { class: 'slider', 'data-slider-field': spec.key },
			h('div', { class: 'slider__head' },
				h('label', { class: 'field__label', id: labelId, for: boxInput.id }, spec.label, changed),
				h('span', { class: 'slider__box-row' }, boxed, readout)),
			range,
			hint,
			error);
	}

	const resetButton = h('button', { type: 'button', class: 'button button--secondary', 'data-reset': '' }, 'Back to the stored numbers');
	const panel = h('section', { class: 'panel what-if', 'aria-labelledby': 'num-whatif-h', 'data-what-if': '' },
		h('h2', { id: 'num-whatif-h' }, 'What if…?'),
		h('p', { class: 'what-if__note', 'data-what-if-note': '' },
			h('strong', {}, 'Nothing here is saved. '),
			'Move a slider or type a number to see the figures change. To keep a new price or time, change it on ',
			h('a', { href: href(`products/${id}`) }, 'the product'), '; your rate is in ',
			h('a', { href: href('settings') }, 'Settings'), '.'),
		h('div', { class: 'what-if__sliders' }, specs.map(slider)),
		status,
		box.result,
		panelError,
		h('div', { class: 'button-row' }, resetButton));

	fill(body,
		jumpBar([
			['Try other numbers', '[data-what-if]'],
			isJob ? null : ['The chart', '[data-cost-chart]'],
			['A week', '[data-week]'],
			['Worth a look', '[data-warnings]'],
		].filter(Boolean)),
		h('div', { class: 'numbers__layout' }, figures, h('div', { class: 'numbers__aside' }, panel)));
	for (const spec of specs)
		showValue(spec, start[spec.key]);

			/* ---- drawing the figures ---- */

			let chart = null;
			ctx.onLeave(() => {
				if (chart)
					chart.stop();
			});

			function costChart(p) {
				// Figures too large to show have no place on
				// the chart.
				const curve =
					p.cost_curve
						.filter((c) => c.unit_cost !==
							       null)
						.map((c) => ({
							     x : c.size,
							     y : c.unit_cost
						     }));
				const caps = p.batch.caps;
				const marks = [];
				if (p.batch.recommended !== null)
					marks.push({
						x : p.batch.recommended,
						text : `Make ${
							groupDigits(
								p.batch.recommended)}`,
						kind : 'chosen'
					});
				if (p.unit_cost.batch_size !== null &&
				    p.unit_cost.batch_size !==
					    p.batch.recommended)
					marks.push({
						x : p.unit_cost.batch_size,
						text : `Trying ${
							groupDigits(
								p.unit_cost
									.batch_size)}`,
						kind : 'trying'
					});
				if (p.batch.epq > 0)
					marks.push({
						x : p.batch.epq,
						text : `EPQ ${
							groupDigits(
								p.batch.epq)}`,
						kind : 'epq'
					});
				const capWords = {
					equipment : 'Largest',
					storage : 'Storage',
					shelf_life : 'Shelf life',
					demand : 'Year’s sales'
				};
				for (const [k, word] of Object.entries(
					     capWords))
					if (caps[k] !== null &&
					    caps[k] !== undefined)
						marks.push({
							x : caps[k],
							text : `${word} ${
								groupDigits(
									caps[k])}`,
							kind : 'cap'
						});
				// Past the last size worked out, the same sum
				// carried on: a cost per piece plus the set-up
				// shared by n (fitted to the curve's ends).
				let extend = null;
				const first = curve[0];
				const last = curve[curve.length - 1];
				if (first && last && last.x > first.x) {
					const b = ((first.y - last.y) *
						   first.x * last.x) /
						  (last.x - first.x);
					const a = last.y - b / last.x;
					extend = (n) => a + b / n;
				}
				const xMax =
					Math.max(10, ...marks.map((m) => m.x),
						 last ? last.x : 1);
				return lineChart({
					label : `Line chart: what one costs at each batch size, from ${
						cash(first ? first.y
							   : 0)} for one to ${
						cash(last ? last.y
							  : 0)} in a batch of ${
						groupDigits(last ? last.x
								 : 1)}.`,
					points : curve,
					extend,
					xMax,
					levels : [
						{
							y : p.unit_cost.job,
							text : `On its own ${
								cash(p.unit_cost
									     .job)}`,
							kind : 'job'
						},
						unpriced(p) ? null : {
							y : p.price,
							text : `Price ${
								cash(p.price)}`,
							kind : 'price'
						},
					].filter((l) => l && l.y !== null),
					marks,
					dot : p.unit_cost.batch_size !== null &&
							      p.unit_cost.batch !==
								      null
						      ? {
								x : p.unit_cost
									    .batch_size,
								y : p.unit_cost
									    .batch
							}
						      : null,
					money : (v) => (
						v % 100 === 0
							? money(v, currency())
								  .replace(
									  /\.0+$/,
									  '')
							: cash(v)),
					curveText : 'In a batch',
					xTitle : 'Batch size',
				});
			}

			function drawCurveText(p) {
				const caps =
					CAPS.filter(([ k ]) =>
							    k !== 'epq' &&
							    p.batch.caps[k] !==
								    null)
						.map(([ k, name ]) => `${
							     name.toLowerCase()} ${
							     groupDigits(
								     p.batch.caps
									     [k])}`);
				fill(box.curveText,
				     h('p', {'data-curve-sentence' : ''},
				       `One made on its own costs ${
					       cash(p.unit_cost
							    .job)}. In a batch of ${
					       whole(p.unit_cost
							     .batch_size)} one costs ${
					       cash(p.unit_cost.batch)}`,
				       p.unit_cost.batch_size ===
						       p.batch.recommended
					       ? ', the size to make'
					       : `; the size advised is ${
							 whole(p.batch.recommended)}`,
				       unpriced(p) ? '. There is no price yet.'
						   : `. Your price is ${
							     cash(p.price)}.`,
				       p.batch.epq > 0
					       ? ` The size best for cost (EPQ) is ${
							 groupDigits(
								 p.batch.epq)}.`
					       : '',
				       caps.length
					       ? ` Limits: ${caps.join(', ')}.`
					       : ''),
				     h('details', {class : 'chart-figures'},
				       h('summary', {},
					 'The figures in the chart'),
				       h('table', {
					       class : 'table table--compact',
					       'data-table' : 'curve'
				       },
					 h('caption',
					   {class : 'visually-hidden'},
					   'What one costs at each batch size'),
					 h('thead', {},
					   h('tr', {},
					     h('th', {
						     scope : 'col',
						     class : 'col--int'
					     },
					       'Batch size'),
					     h('th', {
						     scope : 'col',
						     class : 'col--money'
					     },
					       'One costs'))),
					 h('tbody', {},
					   p.cost_curve.map(
						   (c) => h(
							   'tr', {},
							   h('td', {
								   class : 'col--int',
								   'data-label' :
									   'Batch size'
							   },
							     groupDigits(
								     c.size)),
							   h('td', {
								   class : 'col--money',
								   'data-label' :
									   'One costs'
							   },
							     cash(c.unit_cost))))))));
			}

			/* What its last done batches really cost
			 * (lib/batch-cost.c), beside what the same batches were
			 * estimated at: no overheads in either. */
			function realCost(r) {
				if (!r.batches)
					return h('span',
						 {'data-real-cost' : ''},
						 'No batch of it is done yet.');
				const n =
					r.batches === 1
						? 'its last done batch'
						: `its last ${
							  whole(r.batches)} done batches`;
				return h(
					'span', {'data-real-cost' : r.per_unit},
					h('strong', {},
					  r.per_unit === null
						  ? 'not known'
						  : cash(r.per_unit)),
					h('span', {class : 'facts__note'},
					  ` from ${
						  n}: materials at the prices of the lots they took and the time tracked, over the ${
						  whole(r.sellable)} sellable. `,
					  `Estimated at ${
						  cash(r.estimate_per_unit)} for the same batches. Overheads are in neither.`,
					  r.uses_without_cost
						  ? ` ${whole(r.uses_without_cost)} material use${
							    r.uses_without_cost ===
									    1
								    ? ' has'
								    : 's have'} no cost and ${
							    r.uses_without_cost ===
									    1
								    ? 'is'
								    : 'are'} left out.`
						  : ''));
			}

			function draw(p, trying) {
				const rate = trying && dirty.has('hourly_rate')
						     ? values.hourly_rate
						     : rate0;
				fill(box.trying,
				     trying ? h('p', {
					     class : 'notice notice--trying',
					     'data-trying' : ''
				     },
						h('strong', {},
						  'Trying other numbers. '),
						'The figures on this page use the numbers in “What if…?”, not your stored ones. Nothing is saved.')
					    : null);

				const below = !unpriced(p) &&
					      p.price_floor !== null &&
					      p.price < p.price_floor;
				fill(box.price, facts([
			['Price', h('span', { 'data-price-value': p.price }, unpriced(p) ? 'No price yet' : cash(p.price),
				below ? [' ', badge('Below the floor', 'overdue', '!')] : null,
				unpriced(p) ? [' ', badge('Not set', 'overdue', '!')] : null)],
			['Price floor', h('span', { 'data-floor': p.price_floor }, cash(p.price_floor),
				h('span', { class: 'facts__note' }, isJob ? ' the cost of one: materials, your hourly rate and overhead'
					: ` the cost of one in a batch of ${whole(p.unit_cost.batch_size)}: materials, your hourly rate and overhead`))],
			['Margin', unpriced(p) ? h('span', { 'data-margin': '' }, NO_PRICE)
				: h('span', { 'data-margin': p.margin, 'data-margin-bp': p.margin_bp },
					h('strong', { class: p.margin !== null && p.margin < 0 ? 'text-overdue' : null }, `${cash(p.margin)} each`), ` (${percentBp(p.margin_bp)} of the price)`)],
			['Cost of one', h('span', {},
				`${cash(p.unit_cost.job)} made on its own`,
				isJob ? null : `; ${cash(p.unit_cost.batch)} in a batch of ${whole(p.unit_cost.batch_size)}`)],
			['Real cost of one', p.real_cost ? realCost(p.real_cost) : null],
			['Suggested prices', h('ul', { class: 'suggested', 'data-suggested': '' },
				h('li', {}, h('span', {}, 'Cost plus markup'), ' ', h('strong', {}, cash(p.suggested_prices.cost_plus))),
				h('li', {}, h('span', {}, 'Wholesale'), ' ', h('strong', {}, cash(p.suggested_prices.wholesale))),
				h('li', {}, h('span', {}, 'Retail'), ' ', h('strong', {}, cash(p.suggested_prices.retail))))],
		]));

				const source =
					trying && dirty.has('minutes_per_unit')
						? `from the ${
							  minutesText(
								  p.minutes_per_unit)} you are trying`
					: p.time_source === 'tracked'
						? `from the time you tracked: ${
							  minutesText(
								  p.minutes_per_unit)} each on average`
						: `from your estimate of ${
							  minutesText(
								  p.minutes_per_unit)} each; no time is tracked yet`;
				fill(box.earned,
			unpriced(p) ? h('p', { 'data-earned-value': '' }, 'There is no price yet, so what an hour earns is not known. Set a price on ',
				h('a', { href: href(`products/${id}`) }, 'the product'), ', or try one in “What if…?”.')
				: p.minutes_per_unit === null || p.earned_per_hour === null ? h('p', {}, 'What an hour earns is too large to show: check the numbers.')
				: p.minutes_per_unit > 0 ? [
					h('p', { class: 'big-figure', 'data-earned-value': p.earned_per_hour },
						h('strong', {}, perHour(p.earned_per_hour)), ' ',
						p.earned_per_hour < rate ? badge('Under your rate', 'overdue', '!') : badge('At or over your rate', 'status-done', '✓')),
					h('p', {}, `Price less materials, ${source}. Your rate is ${perHour(rate)}.`),
				] : h('p', {}, 'No minutes are set for this product, so what an hour earns cannot be worked out.'));

				const w = p.week;
				const known = w.demand !== null ||
					      leftOut(p, 'week.demand');
				const wayCard = (way, title, minutes, most, profit) => h('div', { class: 'way', 'data-way': way },
			h('h3', { class: 'way__title' }, title,
				known && p.verdict.best === way ? [' ', badge('Best', 'status-done', '✓')] : null),
			h('dl', { class: 'facts facts--compact' },
				h('div', { class: 'facts__item' }, h('dt', {}, 'Time needed'), h('dd', {}, known ? mins(minutes) : 'not known')),
				h('div', { class: 'facts__item' }, h('dt', {}, 'Most in a week'), h('dd', {}, whole(most))),
				h('div', { class: 'facts__item' }, h('dt', {}, 'Profit'),
					h('dd', { [`data-profit-${way}`]: profit ?? '' }, known ? priced(p, profitText(profit)) : 'not known'))));
				const demandText =
					!known ? 'No sales in the last four weeks, so a week cannot be judged. Try a number for “Sold a week” in “What if…?”.'
					: w.demand_source === 'what-if'
						? `${whole(w.demand)} a week: the number you are trying.`
						: `About ${
							  whole(w.demand)} a week, from the last four weeks of sales.`;
				fill(box.week,
				     h('p', {'data-demand' : w.demand ?? ''},
				       h('strong', {}, 'Sold a week: '),
				       demandText),
				     h('div',
				       {class : 'ways', 'data-ways' : ''},
				       wayCard('job', 'Made to order',
					       w.minutes_needed_job,
					       w.capacity_units_job,
					       w.profit_job),
				       isJob ? null
					     : wayCard('batch',
						       `In batches of ${
							       whole(p.unit_cost
									     .batch_size)}`,
						       w.minutes_needed_batch,
						       w.capacity_units_batch,
						       w.profit_batch)),
				     h('p', {},
				       `Your week has ${
					       minutesText(
						       w.minutes_available)} of working time.`),
				     h('p',
				       {'data-lead-days' : p.lead_days ?? ''},
				       h('strong', {}, 'A new order: '),
				       p.lead_days === 1
					       ? 'taken today, it could be ready in about 1 working day'
				       : p.lead_days === null
					       ? 'taken today, it would wait more working days than can be shown'
					       : `taken today, it could be ready in about ${
							 groupDigits(
								 p.lead_days)} working days`,
				       ', after the orders you have already accepted.'));

				if (isJob) {
					fill(box.batch,
					     h('p', {},
					       'Made only to order, so there is no batch to size. To try batches, change “How you make it” on ',
					       h('a', {
						       href : href(
							       `products/${id}`)
					       },
						 'the product'),
					       '.'));
				} else {
					fill(box.batch,
					     h('p', {
						     class : 'big-figure',
						     'data-recommended' :
							     p.batch.recommended ??
								     ''
					     },
					       h('strong', {},
						 `${whole(p.batch.recommended)} in a run`)),
					     h('p', {
						     'data-bound-by' :
							     p.batch.bound_by
					     },
					       boundText(p)),
					     p.unit_cost.batch_size !==
							     p.batch.recommended
						     ? h('p', {class : 'muted'},
							 `The figures on this page use a batch of ${
								 whole(p.unit_cost
									       .batch_size)}, the size you are trying.`)
						     : null,
					     h('h3', {}, 'Every limit'),
					     h('dl', {
						     class : 'facts caps',
						     'data-caps' : ''
					     },
					       CAPS.map(([
								k, name, what,
								none
							]) => {
						       const n =
							       p.batch.caps[k];
						       const binding =
							       k === p.batch.bound_by &&
							       n !== null;
						       const big = leftOut(
							       p, `batch.caps.${
									  k}`);
						       return h('div', { class: `facts__item${binding ? ' caps__item--binding' : ''}`, 'data-cap': k, 'data-cap-value': n === null ? '' : n },
						h('dt', {}, name),
						h('dd', {}, big ? h('span', {}, `Too large to show: ${what}.`)
							: n === null ? h('span', { class: 'muted' }, `Does not apply: ${none}.`)
							: [h('strong', {}, groupDigits(n)), ` ${what}.`, binding ? [' ', badge('Sets the size', 'status-accepted')] : null]));
					       })));
				}

				fill(box.verdict,
				     h('p', {
					     class : `big-figure verdict__way verdict__way--${
						     p.verdict.best}`,
					     'data-best' : p.verdict.best
				     },
				       WAY[p.verdict.best]?.title ||
					       p.verdict.best),
				     h('p', {'data-why' : ''},
				       sentence(p.verdict.why)));

				fill(box.warnings,
				     p.warnings.length === 0
					     ? h('p', {},
						 'Nothing: these figures raise no warning.')
					     : warningList(p));

				fill(box.result, h('h3', { class: 'what-if__result-h' }, trying ? 'With these numbers' : 'With your stored numbers'),
			facts([
				['Price floor', cash(p.price_floor)],
				['Margin', h('span', { 'data-result-margin': p.margin ?? '' }, priced(p, `${cash(p.margin)} each (${percentBp(p.margin_bp)})`))],
				['An hour earns', priced(p, perHour(p.earned_per_hour))],
				isJob ? null : ['Batch to make', whole(p.batch.recommended)],
				['Profit a week', known ? priced(p, profitText(bestProfit(w))) : 'not known'],
			].filter(Boolean), 'facts--compact'));

				if (!isJob) {
					drawCurveText(p);
					if (chart)
						chart.redraw(costChart(p));
					else
						chart = fitChart(canvas,
								 costChart(p));
				}
			}

			/* ---- asking the server ---- */

			let timer = 0;
			let controller = null;

			function setBusy(busy) {
				figures.setAttribute('aria-busy',
						     busy ? 'true' : 'false');
				box.result.setAttribute(
					'aria-busy', busy ? 'true' : 'false');
			}

			function schedule() {
				clearTimeout(timer);
				fill(panelError);
				status.textContent = 'Working it out…';
				setBusy(true);
				timer = setTimeout(send, 150);
			}

			/* Sliders the maker has not moved follow the new
			   figures. */
			function follow(p) {
				const now = {
					price : p.price,
					batch_size : p.unit_cost.batch_size,
					weekly_demand : p.week.demand,
					minutes_per_unit : p.minutes_per_unit
				};
				for (const spec of specs) {
					if (dirty.has(spec.key) ||
					    !(spec.key in now))
						continue;
					values[spec.key] = now[spec.key];
					showValue(spec, now[spec.key]);
				}
			}

			async function send() {
				timer = 0;
				if (controller)
					controller.abort();
				controller = null;
				if (dirty.size === 0) {
					showStored();
					return;
				}
				const mine = new AbortController();
				controller = mine;
				const request = {product_id : id};
				for (const key of dirty)
					if (values[key] !== null)
						request[key] = values[key];
				let p;
				try {
					p = await api.whatIf(request,
							     mine.signal);
				} catch (err) {
					if (mine.signal.aborted || !ctx.live())
						return;
					controller = null;
					setBusy(false);
					const spec = specs.find(
						(s) => s.key === err.field);
					if (spec)
						setError(spec,
							 messageText(
								 'products',
								 err.message));
					else
						fill(panelError,
						     h('p', {},
						       sentence(
							       err.message ||
							       'These numbers could not be worked out.')));
					status.textContent =
						'These numbers could not be worked out.';
					return;
				}
				if (mine.signal.aborted || !ctx.live())
					return;
				controller = null;
				follow(p);
				draw(p, true);
				setBusy(false);
				status.textContent =
					unpriced(p)
						? 'With these numbers there is no price, so what it earns is not known.'
						: `With these numbers: a margin of ${
							  cash(p.margin)} each, and an hour earns ${
							  cash(p.earned_per_hour)}.`;
			}

			function showStored() {
				setBusy(false);
				Object.assign(values, start);
				for (const spec of specs)
					showValue(spec, start[spec.key]);
				draw(stored, false);
				status.textContent =
					'Showing your stored numbers.';
			}

			resetButton.addEventListener(
				'click',
				() => {
					clearTimeout(timer);
					timer = 0;
					if (controller)
						controller.abort();
					controller = null;
					dirty.clear();
					Object.assign(values, start);
					for (const spec of specs)
						setError(spec, null);
					fill(panelError);
					showStored();
				});
			ctx.onLeave(() => {
				clearTimeout(timer);
				if (controller)
					controller.abort();
			});

			draw(stored, false); setBusy(false);
}
