/* settings.js - the workshop's settings as one form: name, currency,
 * hourly rate, people, storage, and the working hours of each weekday
 * (typed as hours and minutes, stored as minutes); a link to the days
 * off; and "Your data": every kind of record as a spreadsheet file, and a
 * copy of everything to keep safe. */

import { api } from './api.js';
import { fill, h } from './dom.js';
import { buildForm } from './forms.js';
import { linkButton, loadError, loading, pageHead } from './page.js';
import { href } from './router.js';
import { loadSettings, resourceSchema, setSettings } from './schema.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/* The files of "Your data", in the order the server exports them. */
const FILES = [
	['products', 'Products'],
	['customers', 'Customers'],
	['suppliers', 'Suppliers'],
	['orders', 'Orders'],
	['batches', 'Batches'],
	['materials', 'Materials'],
	['batch-materials', 'Materials used by batches'],
	['time-entries', 'Time worked'],
	['sales', 'Sales'],
	['days-off', 'Days off'],
	['settings', 'These settings'],
];

/* Days off, beside the working hours they take out. */
function daysOffSection() {
	return h('section', { class: 'settings-more', 'aria-labelledby': 'settings-days-off-h' },
		h('h2', { id: 'settings-days-off-h' }, 'Days off'),
		h('p', {}, 'Holidays and other days the workshop is closed. The plan leaves them empty.'),
		linkButton('Days off', href('days-off'), 'secondary', { 'data-days-off': '' }));
}

/* "Your data": each kind of record as a spreadsheet file, and a backup. */
function dataSection() {
	return h('section', { class: 'settings-more', 'aria-labelledby': 'settings-data-h', 'data-your-data': '' },
		h('h2', { id: 'settings-data-h' }, 'Your data'),
		h('p', {}, 'Everything you keep here is yours. Download a backup now and then and keep it somewhere safe: it holds all your records, and smallrun can open it again.'),
		h('p', {}, h('a', { class: 'button button--primary', href: '/api/v1/backup', download: '', 'data-backup': '' }, 'Download a backup')),
		h('p', { id: 'settings-files-hint' }, 'Or take one kind of record to a spreadsheet, as a CSV file:'),
		h('ul', { class: 'related settings-files', 'aria-describedby': 'settings-files-hint' },
			FILES.map(([name, label]) => h('li', {},
				h('a', { href: `/api/v1/export/${name}.csv`, download: `${name}.csv`, 'data-export': name }, label)))));
}

/** #/settings */
export async function mountSettings(view, ctx) {
	const body = h('div', { class: 'form-page' }, loading('the settings'));
	fill(view, pageHead({
		title: 'Settings',
		lead: 'About your workshop. Prices, plans and the stock page use these.',
		flash: ctx.flash,
	}), body);
	let schema, settings;
	try {
		[schema, settings] = await Promise.all([resourceSchema('settings'), loadSettings(true)]);
	} catch (err) {
		if (ctx.live())
			fill(body, loadError(err, () => ctx.reload()));
		return;
	}
	if (!ctx.live())
		return;
	const form = buildForm({
		resource: 'settings',
		fields: schema.fields.filter((f) => !f.read_only),
		values: settings,
		mode: 'edit',
		submitLabel: 'Save settings',
		groups: [
			{ legend: 'Your workshop', fields: ['workshop_name', 'currency', 'workers', 'storage_capacity', 'advised'] },
			{
				legend: 'Money',
				hint: 'Amounts in your currency, like 18.50. Percentages as whole numbers.',
				fields: ['hourly_rate', 'overhead_per_hour', 'markup_pct', 'wholesale_pct', 'retail_pct', 'holding_pct'],
			},
			{
				legend: 'Working hours',
				hint: 'How long you work each day, as hours and minutes: 8 or 8:00 for eight hours, 7:30 for seven and a half, 0 for a day off.',
				fields: DAYS.map((d) => `hours.${d}`),
				className: 'form__group--days',
			},
		],
		check: (v) => (typeof v.currency === 'string' && !/^[A-Z]{3}$/.test(v.currency)
			? { currency: 'Use a three-letter code in capitals, like GBP, EUR or USD.' } : {}),
		onSubmit: async (out, { changed }) => {
			if (!changed) {
				ctx.go(location.hash, { flash: 'Nothing changed, so nothing was saved.' });
				return;
			}
			const saved = await api.saveSettings(out);
			setSettings(saved);
			ctx.go(location.hash, { flash: 'Settings saved.' });
		},
	});
	fill(body, form.form, daysOffSection(), dataSection());
}
