/* sales.js - sales history and forecast: import a till's CSV with upload
 * progress, demand by weekday for a product (worked out here from its
 * sales on record), and the forecast for the coming week with suggested
 * batch quantities, drawn against the last four weeks of actual sales.
 *
 * The upload uses XMLHttpRequest, as fetch reports no upload progress;
 * like every write it sends api.js's WRITE_HEADER, and a 401 goes to
 * apiError() so an ended session leads to the login page. */

import { api, apiError, getJSON, WRITE_HEADER } from './api.js';
import { svg, fitChart } from './charts.js';
import { fill, h, sentence } from './dom.js';
import { count, dateText, dayMonthText, groupDigits, isoDate, parseMoney } from './format.js';
import { linkButton, loadInto, pageHead } from './page.js';
import { listPage } from './records.js';
import { href } from './router.js';
import { currency, loadSettings } from './schema.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** YYYY-MM-DD -> a local Date. */
function day(iso) {
	const [y, m, d] = iso.split('-').map(Number);
	return new Date(y, m - 1, d);
}

function addDays(iso, n) {
	const d = day(iso);
	d.setDate(d.getDate() + n);
	return isoDate(d);
}

/* 0 = Monday … 6 = Sunday. */
function weekday(iso) {
	return (day(iso).getDay() + 6) % 7;
}

function oneDecimal(n) {
	return (Math.round(n * 10) / 10).toFixed(1);
}

/** #/sales: the list of sales, with a way to the import and forecast. */
export function mountSales(view, ctx) {
	listPage('sales')(view, ctx);
	const actions = view.querySelector('.page-head__actions');
	if (actions)
		actions.append(linkButton('Import and forecast', href('sales/forecast'), 'secondary', { 'data-sales-forecast-link': '' }));
}

/* ---- the upload -------------------------------------------------------------- */

/* POST the file to the import with the query q: as the body (text/csv,
 * read as encoding by its charset), or, with a plan, as the part "file"
 * of a form beside the part "plan". onProgress(fraction, or null once
 * sent). Resolves to {status, body}. */
function upload(file, q, plan, encoding, onProgress) {
	return new Promise((resolve) => {
		const xhr = new XMLHttpRequest();
		const name = `name=${encodeURIComponent(file.name)}`;
		xhr.open('POST', `/api/v1/sales/import?${q}&${name}${plan ? `&encoding=${encoding}` : ''}`);
		xhr.setRequestHeader('Accept', 'application/json');
		xhr.setRequestHeader(...WRITE_HEADER);
		xhr.upload.addEventListener('progress', (e) => {
			if (e.lengthComputable)
				onProgress(e.total ? e.loaded / e.total : 1);
		});
		xhr.upload.addEventListener('load', () => onProgress(null));
		xhr.addEventListener('load', () => {
			let body = null;
			try {
				body = JSON.parse(xhr.responseText);
			} catch {
				body = null;
			}
			if (xhr.status === 401)
				apiError(401, body);
			resolve({ status: xhr.status, body });
		});
		xhr.addEventListener('error', () => resolve({ status: 0, body: null }));
		if (plan) {
			const form = new FormData();
			form.append('file', file, file.name);
			form.append('plan', new Blob([JSON.stringify(plan)], { type: 'application/json' }));
			xhr.send(form);
		} else {
			xhr.setRequestHeader('Content-Type', `text/csv; charset=${encoding}`);
			xhr.send(file);
		}
	});
}

function resultText(r) {
	return `Added ${count(r.sales_added, 'sale')} for ${count(r.products, 'product')} over ${count(r.days, 'day')}; ${groupDigits(r.sales_replaced)} replaced with the file’s figure, ${groupDigits(r.sales_unchanged)} already there.`;
}

const ACTIONS = [
	['create', 'Create a new product'],
	['skip', 'Skip: leave its sales out'],
	['map', 'Count it as one of mine'],
];

/* One row of the preview: a name no product has and what to do with it. */
function choiceRow(u, i, products) {
	const id = (what) => `import-${what}-${i}`;
	const suggested = u.suggested || { action: 'create' };
	const action = h('select', { id: id('action'), class: 'input input--select', 'data-import-action': '' },
		ACTIONS.map(([value, text]) => h('option', { value, selected: value === suggested.action }, text)));
	const product = h('select', { id: id('product'), class: 'input input--select', 'data-import-product': '' },
		h('option', { value: '' }, 'Choose a product'),
		products.map((p) => h('option', { value: p.id, selected: suggested.product_id === p.id }, p.name)));
	const price = h('input', {
		id: id('price'), class: 'input input--money', inputmode: 'decimal', autocomplete: 'off',
		placeholder: '0.00', 'data-import-price': '', 'aria-describedby': id('why'),
	});
	const error = h('p', { class: 'field__error', id: id('error'), role: 'alert', hidden: true });
	const facts = `${count(u.rows, 'row')}, ${count(u.units, 'unit')} on ${count(u.days, 'day')}`;
	const why = h('span', { class: 'field__hint', id: id('why') },
		suggested.action === 'map' ? `Suggested: it looks like ${suggested.product_name}.`
			: suggested.action === 'skip' ? `Suggested: ${sentence(suggested.why)}` : 'New to you.');
	const productCell = h('div', { class: 'import-choice__cell' }, h('label', { class: 'visually-hidden', for: id('product') }, `Product for ${u.name}`), product);
	const priceCell = h('div', { class: 'import-choice__cell' }, h('label', { class: 'visually-hidden', for: id('price') }, `Price of ${u.name} in ${currency()}`), price);
	function show() {
		productCell.hidden = action.value !== 'map';
		priceCell.hidden = action.value !== 'create';
		error.hidden = true;
	}
	action.addEventListener('change', show);
	show();
	const tr = h('tr', { 'data-import-name': u.name },
		h('th', { scope: 'row', 'data-label': 'In the file' }, h('span', { class: 'import-choice__name' }, u.name),
			h('span', { class: 'import-choice__facts' }, facts), why),
		h('td', { 'data-label': 'What to do' }, h('label', { class: 'visually-hidden', for: id('action') }, `What to do with ${u.name}`), action, error),
		h('td', { 'data-label': 'Product' }, productCell),
		h('td', { 'data-label': 'Price each' }, priceCell));
	/* This row's choice for the plan, or null after saying what is wrong. */
	function choice() {
		error.hidden = true;
		if (action.value === 'skip')
			return { name: u.name, action: 'skip' };
		if (action.value === 'map') {
			if (!product.value)
				return wrong(product, `Choose which of your products ${u.name} is, or create or skip it.`);
			return { name: u.name, action: 'map', product_id: Number(product.value) };
		}
		if (price.value.trim() === '')
			return { name: u.name, action: 'create' };
		const p = parseMoney(price.value, currency());
		if (p.error)
			return wrong(price, p.error);
		return { name: u.name, action: 'create', price: p.value };
	}
	function wrong(input, text) {
		error.textContent = text;
		error.hidden = false;
		input.setAttribute('aria-invalid', 'true');
		input.setAttribute('aria-describedby', id('error'));
		input.focus();
		return null;
	}
	return { tr, choice };
}

function previewSummary(r) {
	const span = r.first_day ? ` from ${dateText(r.first_day)} to ${dateText(r.last_day)}` : '';
	return `${r.file}: ${count(r.rows, 'row')} over ${count(r.days, 'day')}${span}, naming ${count(r.names, 'product')}, ${groupDigits(r.products_known)} of them yours already.`;
}

function importPanel(ctx, onImported) {
	const input = h('input', { type: 'file', id: 'sales-file', name: 'file', accept: '.csv,text/csv', class: 'input sales-import__file', 'aria-describedby': 'sales-file-hint' });
	const encoding = h('select', { id: 'sales-encoding', name: 'encoding', class: 'input input--select sales-import__encoding', 'aria-describedby': 'sales-encoding-hint', 'data-import-encoding': '' },
		h('option', { value: 'utf-8' }, 'UTF-8 (most files)'),
		h('option', { value: 'windows-1252' }, 'Windows-1252 (older Windows tills and spreadsheets)'));
	const go = h('button', { type: 'submit', class: 'button button--primary', 'data-import': '' }, 'Check the file');
	const bar = h('progress', { class: 'sales-import__progress', max: '100', value: '0', 'aria-labelledby': 'sales-import-status', hidden: true });
	const status = h('p', { id: 'sales-import-status', class: 'status', 'aria-live': 'polite', 'data-import-status': '' });
	const result = h('div', { 'data-import-result': '' });
	let busy = false;

	/* Send file with q (and plan); the answer, with progress on the way. */
	async function send(file, q, plan) {
		busy = true;
		go.setAttribute('aria-disabled', 'true');
		bar.hidden = false;
		bar.value = 0;
		status.textContent = 'Uploading 0%…';
		const res = await upload(file, q, plan, encoding.value, (f) => {
			if (f === null) {
				bar.removeAttribute('value');
				status.textContent = 'Reading…';
			} else {
				bar.value = Math.round(f * 100);
				status.textContent = `Uploading ${Math.round(f * 100)}%…`;
			}
		});
		busy = false;
		go.removeAttribute('aria-disabled');
		bar.hidden = true;
		status.textContent = '';
		return res;
	}

	function refused(res, lead) {
		const e = res.body && res.body.error;
		const why = e && e.message ? sentence(e.message)
			: res.status === 0 ? 'smallrun could not be reached. Check that it is still running, then try again.'
				: res.status === 413 ? 'The file is too big (up to 128 MiB).'
					: `smallrun answered with an error (HTTP ${res.status}).`;
		const retry = e && e.code === 'bad_encoding' && encoding.value !== 'windows-1252'
			? h('p', { 'data-import-encoding-hint': '' }, 'If the file comes from a Windows till or an older spreadsheet, choose Windows-1252 under Text encoding and check it again.')
			: null;
		fill(result, h('div', { class: 'notice notice--error', role: 'alert', 'data-import-error': '' },
			h('p', {}, h('strong', {}, lead)), h('p', {}, why), retry));
	}

	/* The real import, with what the maker chose for each name. */
	async function run(file, rows) {
		const products = [];
		for (const r of rows) {
			const c = r.choice();
			if (!c)
				return;
			products.push(c);
		}
		if (busy)
			return;
		const res = await send(file, 'preview=false', { products });
		if (!ctx.live())
			return;
		if (res.status !== 200) {
			refused(res, 'The file was not imported.');
			return;
		}
		const r = res.body;
		const mapped = r.products_mapped || [];
		fill(result, h('div', { class: 'notice notice--success', 'data-import-done': '' },
			h('p', {}, h('strong', {}, resultText(r))),
			r.products_created.length ? h('p', { 'data-import-created': '' }, `New products: ${r.products_created.join(', ')}.`) : null,
			mapped.length ? h('p', { 'data-import-mapped': '' }, `Added to your products: ${mapped.map((m) => m.name).join(', ')}.`) : null,
			r.products_skipped.length ? h('p', { 'data-import-skipped': '' },
				`Left out: ${r.products_skipped.join(', ')} (${count(r.units_skipped, 'unit')}).`) : null));
		status.textContent = 'Import finished.';
		onImported();
	}

	/* The preview: what the file covers and a choice for each new name. */
	async function check() {
		const file = input.files && input.files[0];
		if (!file) {
			fill(result, h('p', { class: 'field__error', role: 'alert' }, 'Choose a CSV file first.'));
			input.focus();
			return;
		}
		if (busy)
			return;
		fill(result);
		const res = await send(file, 'preview=true');
		if (!ctx.live())
			return;
		if (res.status !== 200) {
			refused(res, 'The file could not be read.');
			return;
		}
		const r = res.body;
		const [list] = await Promise.all([r.unknown.length ? api.list('products', { limit: 1000 }) : { items: [] }, loadSettings()]);
		const products = list.items;
		if (!ctx.live())
			return;
		const rows = r.unknown.map((u, i) => choiceRow(u, i, products));
		const importButton = h('button', { type: 'button', class: 'button button--primary', 'data-import-run': '' }, 'Import');
		importButton.addEventListener('click', () => run(file, rows));
		fill(result, h('div', { class: 'sales-preview', 'data-import-preview': '' },
			h('p', { 'data-import-summary': '' }, h('strong', {}, previewSummary(r))),
			rows.length
				? [h('p', {}, `${count(rows.length, 'name')} in the file ${rows.length === 1 ? 'is' : 'are'} not one of your products yet. Choose for each: create it (with its price, so its sales have one), skip it, or add its sales to a product you have. Nothing is saved until you import.`),
					h('div', { class: 'table-wrap' }, h('table', { class: 'table import-choices', 'data-table': 'import-choices' },
						h('caption', { class: 'visually-hidden' }, 'Names in the file that are not your products yet'),
						h('thead', {}, h('tr', {},
							h('th', { scope: 'col' }, 'In the file'), h('th', { scope: 'col' }, 'What to do'),
							h('th', { scope: 'col' }, 'Product'), h('th', { scope: 'col' }, `Price each (${currency()})`))),
						h('tbody', {}, rows.map((x) => x.tr))))]
				: h('p', {}, 'Every name in the file is one of your products. Nothing is saved until you import.'),
			h('div', { class: 'button-row' }, importButton)));
		status.textContent = 'Checked: nothing is saved yet.';
	}

	const form = h('form', { class: 'sales-import', novalidate: true },
		h('div', { class: 'field' },
			h('label', { class: 'field__label', for: 'sales-file' }, 'Sales file (CSV)'),
			h('p', { class: 'field__hint', id: 'sales-file-hint' },
				'Either date, product, quantity columns, or your till’s log (Date, Time, Transaction, Item). You see what it holds before anything is saved. Each product and day is one sale: importing a day again replaces its figure and never counts it twice.'),
			input),
		h('div', { class: 'field' },
			h('label', { class: 'field__label', for: 'sales-encoding' }, 'Text encoding'),
			h('p', { class: 'field__hint', id: 'sales-encoding-hint' },
				'If names come out wrong or the file is refused as not UTF-8 (a “Café” saved on an older Windows till), choose Windows-1252.'),
			encoding),
		h('div', { class: 'button-row' }, go),
		bar, status, result);
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		check();
	});
	return h('section', { class: 'panel', 'aria-labelledby': 'sales-import-h', 'data-sales-import': '', 'data-needs': 'write' },
		h('h2', { id: 'sales-import-h' }, 'Import sales history'), form);
}

/* ---- demand by weekday ------------------------------------------------------- */

/* Units sold a day, by date, from the sales. */
function dailyTotals(sales) {
	const byDate = new Map();
	for (const s of sales)
		byDate.set(s.sold_on.slice(0, 10), (byDate.get(s.sold_on.slice(0, 10)) || 0) + s.quantity);
	return byDate;
}

/** Average units each weekday from the first sale to the last (days without sales count as 0). */
export function weekdayAverages(byDate) {
	const dates = [...byDate.keys()].sort();
	const sums = [0, 0, 0, 0, 0, 0, 0];
	const days = [0, 0, 0, 0, 0, 0, 0];
	if (dates.length === 0)
		return sums;
	for (let d = dates[0]; d <= dates[dates.length - 1]; d = addDays(d, 1)) {
		const w = weekday(d);
		days[w] += 1;
		sums[w] += byDate.get(d) || 0;
	}
	return sums.map((s, i) => (days[i] ? s / days[i] : 0));
}

async function allSales(productId) {
	const items = [];
	for (;;) {
		const page = await api.list('sales', { product_id: productId, limit: 1000, offset: items.length });
		items.push(...page.items);
		if (page.items.length === 0 || items.length >= page.total)
			return items;
	}
}

/* ---- forecast against actual ------------------------------------------------- */

/* Vertical bars: actual days, then forecast days (hatched), one label a week. */
function historyChart({ label, actual, forecast }) {
	return (width) => {
		const all = [...actual.map((a) => ({ ...a, kind: 'actual' })), ...forecast.map((f) => ({ ...f, kind: 'forecast' }))];
		const max = Math.max(1, ...all.map((a) => a.value));
		const left = 36;
		const plotW = Math.max(100, width - left - 4);
		const top = 8;
		const plotH = 180;
		const bottom = top + plotH;
		const step = plotW / all.length;
		const y = (v) => bottom - (v / max) * plotH;
		const ticks = [0, Math.round(max / 2), Math.round(max)].filter((v, i, a) => a.indexOf(v) === i);
		return svg('svg', {
			class: 'chart chart--history', width, height: bottom + 30, viewBox: `0 0 ${width} ${bottom + 30}`,
			role: 'img', 'aria-label': label,
		},
		ticks.map((v) => svg('g', { class: 'chart__tick' },
			svg('line', { class: 'chart__grid', x1: left, x2: left + plotW, y1: y(v), y2: y(v) }),
			svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)))),
		all.map((a, i) => svg('rect', {
			class: `chart__bar chart__bar--${a.kind}`, 'data-day': a.date, 'data-kind': a.kind,
			x: left + i * step + step * 0.12, y: y(a.value), width: Math.max(1, step * 0.76), height: Math.max(0, bottom - y(a.value)),
		})),
		all.map((a, i) => (i % 7 === 0 ? svg('text', {
			class: 'chart__day', x: left + i * step + step / 2, y: bottom + 18, 'text-anchor': 'middle',
		}, dayMonthText(a.date)) : null)),
		svg('line', { class: 'chart__axis', x1: left, x2: left + plotW, y1: bottom, y2: bottom }),
		forecast.length ? svg('line', {
			class: 'chart__split', x1: left + actual.length * step, x2: left + actual.length * step, y1: top, y2: bottom,
		}) : null);
	};
}

function productPanel(ctx, charts) {
	const select = h('select', { id: 'sales-product', class: 'input input--select', 'data-sales-product': '' });
	const fromInput = h('input', {
		id: 'sales-from', type: 'date', class: 'input input--date', 'aria-describedby': 'sales-from-hint', 'data-forecast-from': '',
	});
	const body = h('div', { 'data-sales-product-body': '' });
	let products = [];

	function show() {
		const id = Number(select.value);
		if (!id) {
			fill(body, h('p', { class: 'muted' }, products.length
				? 'Choose a product to see its demand and forecast.'
				: 'No products yet: import a sales file above, or add a product.'));
			return;
		}
		charts.splice(0).forEach((c) => c.stop());
		loadInto(body, ctx, 'the sales and forecast', async () => {
			const sales = await allSales(id);
			let forecast = null;
			let forecastError = null;
			try {
				const from = fromInput.value ? `&from=${encodeURIComponent(fromInput.value)}` : '';
				forecast = await getJSON(`/api/v1/forecast?product=${id}&days=7${from}`);
			} catch (err) {
				forecastError = err;
			}
			return { sales, forecast, forecastError };
		}, ({ sales, forecast, forecastError }) => build(id, sales, forecast, forecastError));
	}

	function build(id, sales, forecast, forecastError) {
		const name = (products.find((p) => p.id === id) || {}).name || `Product ${id}`;
		if (sales.length === 0)
			return h('p', { 'data-no-sales': '' }, `No sales of ${name} on record yet: import a sales file to see its demand and forecast.`);
		const byDate = dailyTotals(sales);
		const avg = weekdayAverages(byDate);
		// One table, a row a weekday with its bar, on a phone as on a desktop.
		const most = Math.max(...avg);
		const bar = (v, i) => {
			const b = h('span', { class: 'weekday-bar', 'aria-hidden': 'true', 'data-bar': i }, h('span', { class: 'weekday-bar__fill' }));
			b.firstChild.style.setProperty('--fill', `${most > 0 ? (v / most) * 100 : 0}%`);
			return b;
		};
		const weekday = h('section', { class: 'sales-part', 'aria-labelledby': 'sales-weekday-h', 'data-weekday': '' },
			h('h3', { id: 'sales-weekday-h' }, 'Demand by weekday'),
			h('p', { class: 'muted' }, 'Average units sold each weekday, from the first sale on record to the last; days without sales count as none.'),
			h('div', { class: 'table-wrap' }, h('table', { class: 'table table--compact table--rows', 'data-table': 'weekday' },
				h('caption', { class: 'visually-hidden' }, `Average units of ${name} sold each weekday`),
				h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Weekday'), h('th', { scope: 'col', class: 'col--int' }, 'Average units'),
					h('th', { scope: 'col', class: 'weekday-bars' }, h('span', { class: 'visually-hidden' }, 'As a bar')))),
				h('tbody', {}, WEEKDAYS.map((w, i) => h('tr', { 'data-weekday': i },
					h('th', { scope: 'row' }, w), h('td', { class: 'col--int', 'data-avg': '' }, oneDecimal(avg[i])),
					h('td', { class: 'weekday-bars' }, bar(avg[i], i))))))));

		let fc;
		let histBox = null;
		let actual = [];
		if (forecast) {
			const start = forecast.days.length ? forecast.days[0].date : addDays([...byDate.keys()].sort().pop(), 1);
			for (let i = 28; i >= 1; i--) {
				const d = addDays(start, -i);
				actual.push({ date: d, value: byDate.get(d) || 0 });
			}
			histBox = h('div', { class: 'chart-box', 'data-forecast-chart': '' });
			fc = [
				h('p', { 'data-forecast-start': forecast.from }, `The 7 days from ${dateText(forecast.from)}.`),
				(forecast.warnings || []).map((w) => h('p', { class: 'notice sales-warning', 'data-forecast-warning': w.code }, sentence(w.message))),
				h('p', { class: 'muted' }, 'Bars: the last four weeks of actual daily sales, then, after the dotted line, the forecast for the coming week (dashed outlines).'),
				h('figure', { class: 'chart-figure' }, histBox),
				h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-table': 'forecast' },
					h('caption', { class: 'visually-hidden' }, `Forecast for ${name}, the coming week`),
					h('thead', {}, h('tr', {},
						h('th', { scope: 'col' }, 'Day'),
						h('th', { scope: 'col', class: 'col--int' }, 'Expected units'),
						h('th', { scope: 'col', class: 'col--int' }, 'Suggested batch'))),
					h('tbody', {}, forecast.days.map((d) => h('tr', { 'data-date': d.date, 'data-open': d.open ? 'true' : 'false' },
						h('th', { scope: 'row' }, dateText(d.date), d.open ? null : h('span', { class: 'sales-closed' }, ' (closed)')),
						h('td', { class: 'col--int', 'data-label': 'Expected units', 'data-mean': '' }, oneDecimal(d.mean)),
						h('td', { class: 'col--int', 'data-label': 'Suggested batch', 'data-quantity': '' }, String(d.quantity))))))),
				forecast.note ? h('p', { class: 'sales-note', 'data-forecast-note': '' }, sentence(forecast.note)) : null,
				h('p', { class: 'muted', 'data-history-days': forecast.history_days },
					`From ${count(forecast.history_days, 'day')} of sales history, up to ${dateText(forecast.history_last)}.`),
			];
		} else {
			fc = h('p', { 'data-forecast-error': '' }, sentence(forecastError ? forecastError.message : 'No forecast.'));
		}
		queueMicrotask(() => {
			if (!ctx.live())
				return;
			if (histBox)
				charts.push(fitChart(histBox, historyChart({
					label: `Bar chart of ${name}: units sold each day over the last four weeks, then the forecast for the coming week.`,
					actual,
					forecast: forecast.days.map((d) => ({ date: d.date, value: d.mean })),
				})));
		});
		return [weekday,
			h('section', { class: 'sales-part', 'aria-labelledby': 'sales-forecast-h', 'data-forecast': '' },
				h('h3', { id: 'sales-forecast-h' }, 'Forecast for the week'), fc)];
	}

	async function load(keep) {
		const list = await api.list('products', { limit: 1000 });
		products = list.items;
		fill(select, h('option', { value: '' }, 'Choose a product'),
			products.map((p) => h('option', { value: p.id }, p.name)));
		if (keep && products.some((p) => String(p.id) === keep))
			select.value = keep;
		show();
	}
	select.addEventListener('change', show);
	fromInput.addEventListener('change', () => {
		if (fromInput.value === '' || fromInput.validity.valid)
			show();
	});
	const panel = h('section', { class: 'panel', 'aria-labelledby': 'sales-product-h', 'data-sales-products': '' },
		h('h2', { id: 'sales-product-h' }, 'Demand and forecast'),
		h('div', { class: 'sales-pick' },
			h('div', { class: 'field sales-product' },
				h('label', { class: 'field__label', for: 'sales-product' }, 'Product'), select),
			h('div', { class: 'field sales-product' },
				h('label', { class: 'field__label', for: 'sales-from' }, 'Start the forecast on'),
				h('p', { class: 'field__hint', id: 'sales-from-hint' },
					'Leave it empty for today — or, when your sales on record end more than a week ago, the day after they end.'),
				fromInput)),
		body);
	return { panel, reload: () => load(select.value).catch(() => {}), load };
}

/** #/sales/forecast: import, demand by weekday, the forecast. */
export function mountSalesForecast(view, ctx) {
	const charts = [];
	ctx.onLeave(() => charts.forEach((c) => c.stop()));
	const products = productPanel(ctx, charts);
	fill(view,
		pageHead({
			title: 'Sales history and forecast',
			lead: 'Import what your till sold, see which days sell most, and how much to make in the coming week.',
			back: { href: href('sales'), text: 'Sales' },
			flash: ctx.flash,
		}),
		importPanel(ctx, products.reload),
		products.panel);
	products.load('').catch((err) => {
		if (ctx.live())
			fill(products.panel.querySelector('[data-sales-product-body]'), h('p', { class: 'field__error', role: 'alert' }, sentence(err.message)));
	});
}
