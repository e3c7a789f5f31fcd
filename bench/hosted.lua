-- hosted.lua - wrk script for bench/hosted.sh: a mixed load of reads and
-- writes spread over many workshops, each request with one workshop's API
-- token (Authorization: Bearer), picked at random.
--
-- BENCH_TOKENS=<file>: lines "SLUG SECRET" (bench-hosted-seed writes
--   them); BENCH_ONLY=<slug>: that line alone (the SQLite side).
-- BENCH_CUSTOMERS, BENCH_BATCHES, BENCH_PRODUCTS: how many of each the
--   workshops hold (ids 1 … N: every workshop kept the template's).
--
-- Of every 10 requests, 8 read and 2 write:
--   GET /api/v1/products                  the products page
--   GET /api/v1/orders?status=accepted    the queue
--   GET /api/v1/customers/{id}            a customer
--   GET /api/v1/batches/{id}              a batch
--   GET /api/v1/batches/{id}/trace        its recall trace
--   GET /api/v1/sales?customer_id={id}    a customer's purchases
--   GET /api/v1/stock                     stock
--   GET /api/v1/settings                  the settings
--   POST /api/v1/customers                a new customer
--   PATCH /api/v1/products/{id}           a product's storage text
-- done() comes from bench/wrk-report.lua (the BENCH line).

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") ..
	"wrk-report.lua")

local tokens = {}
do
	local only = os.getenv("BENCH_ONLY")
	local file = os.getenv("BENCH_TOKENS")
	assert(file, "set BENCH_TOKENS")
	for line in io.lines(file) do
		local slug, secret = line:match("^(%S+) (%S+)$")
		if slug and (only == nil or only == slug) and
		    (only ~= nil or slug ~= "sqlite") then
			tokens[#tokens + 1] = "Bearer " .. secret
		end
	end
	assert(#tokens > 0, "no tokens")
end

local customers = tonumber(os.getenv("BENCH_CUSTOMERS") or "20")
local batches = tonumber(os.getenv("BENCH_BATCHES") or "20")
local products = tonumber(os.getenv("BENCH_PRODUCTS") or "50")
local next_thread = 0

function setup(thread)
	thread:set("thread_id", next_thread)
	next_thread = next_thread + 1
end

local n = 0

function init(args)
	math.randomseed(1000 + (thread_id or 0))
end

function request()
	n = n + 1
	local h = { Authorization = tokens[math.random(#tokens)] }
	local k = n % 10
	if k == 8 then
		h["Content-Type"] = "application/json"
		return wrk.format("POST", "/api/v1/customers", h,
			string.format('{"name":"Bench %d-%d","email":"b%d-%d@example.com"}',
				thread_id or 0, n, thread_id or 0, n))
	elseif k == 9 then
		h["Content-Type"] = "application/json"
		return wrk.format("PATCH", "/api/v1/products/" ..
			math.random(products), h,
			string.format('{"storage":"Keep dry (%d)"}', n))
	end
	local paths = {
		"/api/v1/products",
		"/api/v1/orders?status=accepted",
		"/api/v1/customers/" .. math.random(customers),
		"/api/v1/batches/" .. math.random(batches),
		"/api/v1/batches/" .. math.random(batches) .. "/trace",
		"/api/v1/sales?customer_id=" .. math.random(customers),
		"/api/v1/stock",
		"/api/v1/settings",
	}
	return wrk.format("GET", paths[k + 1], h)
end
