-- 0021-documents.sql: quotes, invoices and VAT.
--
-- VAT. A workshop is VAT-registered when its settings have a vat_number
-- (null: not registered, and no document charges VAT). Rates are in basis
-- points (2000 = 20 %, 500 = 5 %, 0 = zero-rated): the settings' vat_bp
-- is the standard one, a product's vat_bp (null: the standard) its own,
-- and an order's vat_bp (null: its product's, else the standard) its own.
-- Prices are without VAT; VAT is worked out per line and rounded to the
-- penny, half up (lib/vat.c).
--
-- The settings also say how long a quote stands (quote_days) and its
-- terms (quote_terms), how many days an invoice gives to pay
-- (invoice_days, 0: on receipt) and how to pay (payment_details: the bank
-- account, printed on invoices).
--
-- A quote is what was offered for a custom order on a day: the price of
-- the whole order without VAT (price; price_source 'agreed' when it was
-- the order's price, 'costing' when suggested from its costs), its VAT
-- rate and VAT, the delivery date it promises, its terms and the day it
-- stands until. Accepting it (status 'accepted', accepted_on) marks the
-- order accepted; a quote of an order is 'withdrawn' when a newer one is
-- made. What a quote says is kept as it was sent, whatever the order
-- becomes.
--
-- An invoice has a number, one sequence per workshop with no gaps or
-- repeats: the next is one more than the greatest, taken under the
-- workshop's writer lock, and an invoice is never deleted (void_on marks
-- one cancelled; it keeps its number). It is to a customer, for an order
-- or for sales (its lines), on an issue date, for a supply (tax point)
-- date, due on due_on, paid on paid_on. The workshop's VAT number at the
-- time is kept on it, and its totals: net (without VAT), vat, gross.
-- Each line is what was supplied: a description, a quantity, the price of
-- one, the line's net, its VAT rate and VAT, and the sale it is (if one).
ALTER TABLE settings ADD COLUMN vat_number TEXT;
ALTER TABLE settings ADD COLUMN vat_bp INTEGER NOT NULL DEFAULT 2000
	CHECK (vat_bp BETWEEN 0 AND 10000);
ALTER TABLE settings ADD COLUMN quote_days INTEGER NOT NULL DEFAULT 30
	CHECK (quote_days BETWEEN 1 AND 365);
ALTER TABLE settings ADD COLUMN quote_terms TEXT;
ALTER TABLE settings ADD COLUMN invoice_days INTEGER NOT NULL DEFAULT 30
	CHECK (invoice_days BETWEEN 0 AND 365);
ALTER TABLE settings ADD COLUMN payment_details TEXT;

ALTER TABLE products ADD COLUMN vat_bp INTEGER CHECK (vat_bp BETWEEN 0 AND 10000);
ALTER TABLE orders ADD COLUMN vat_bp INTEGER CHECK (vat_bp BETWEEN 0 AND 10000);

CREATE TABLE quotes (
	id INTEGER PRIMARY KEY,
	order_id INTEGER NOT NULL REFERENCES orders (id),
	issued_on TEXT NOT NULL,
	valid_until TEXT NOT NULL,
	delivery_on TEXT,
	price INTEGER NOT NULL CHECK (price >= 0),
	price_source TEXT NOT NULL CHECK (price_source IN ('agreed', 'costing')),
	vat_bp INTEGER NOT NULL DEFAULT 0 CHECK (vat_bp BETWEEN 0 AND 10000),
	vat INTEGER NOT NULL DEFAULT 0 CHECK (vat >= 0),
	terms TEXT,
	status TEXT NOT NULL DEFAULT 'open'
		CHECK (status IN ('open', 'accepted', 'withdrawn')),
	accepted_on TEXT,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX quotes_order ON quotes (order_id);

CREATE TABLE invoices (
	id INTEGER PRIMARY KEY,
	number INTEGER NOT NULL UNIQUE CHECK (number > 0),
	customer_id INTEGER NOT NULL REFERENCES customers (id),
	order_id INTEGER REFERENCES orders (id),
	issued_on TEXT NOT NULL,
	supply_on TEXT NOT NULL,
	due_on TEXT NOT NULL,
	paid_on TEXT,
	void_on TEXT,
	vat_number TEXT,
	net INTEGER NOT NULL CHECK (net >= 0),
	vat INTEGER NOT NULL CHECK (vat >= 0),
	gross INTEGER NOT NULL CHECK (gross = net + vat),
	notes TEXT,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX invoices_customer ON invoices (customer_id);
CREATE INDEX invoices_order ON invoices (order_id);

CREATE TABLE invoice_lines (
	id INTEGER PRIMARY KEY,
	invoice_id INTEGER NOT NULL REFERENCES invoices (id),
	sale_id INTEGER REFERENCES sales (id),
	description TEXT NOT NULL,
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
	net INTEGER NOT NULL CHECK (net >= 0),
	vat_bp INTEGER NOT NULL CHECK (vat_bp BETWEEN 0 AND 10000),
	vat INTEGER NOT NULL CHECK (vat >= 0),
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id);
CREATE INDEX invoice_lines_sale ON invoice_lines (sale_id);
