-- records.lua - wrk script for bench/records.sh.
--
-- BENCH_PATHS=<file>: the paths to request, one a line; each thread cycles
-- over them from its own starting point (one line: the same path always).
-- BENCH_CREATE=customers: POST a new customer per request instead, each
-- with its own name and email. Connections stay open (wrk's default).
-- done() prints one machine-readable line, so the shell script never
-- scrapes wrk's human output:
--
--   BENCH rps=… p50_us=… p99_us=… mean_us=… requests=… duration_us=…
--         connect=… read=… write=… status=… timeout=…

local paths = {}
local create = os.getenv("BENCH_CREATE")
local next_thread = 0

do
	local file = os.getenv("BENCH_PATHS")
	if file then
		for line in io.lines(file) do
			if line ~= "" then
				paths[#paths + 1] = line
			end
		end
	end
	assert(create or #paths > 0, "set BENCH_PATHS or BENCH_CREATE")
end

function setup(thread)
	thread:set("thread_id", next_thread)
	next_thread = next_thread + 1
end

local n = 0

function init(args)
	-- thread_id is set by setup() in this thread's own Lua state.
	n = (thread_id or 0) * 7919
end

function request()
	n = n + 1
	if create then
		local who = string.format("%d-%d", thread_id or 0, n)
		return wrk.format("POST", "/api/v1/" .. create,
			{ ["Content-Type"] = "application/json" },
			'{"name":"Bench customer ' .. who ..
			'","email":"bench' .. who .. '@example.com",' ..
			'"phone":"07700 900000"}')
	end
	return wrk.format("GET", paths[(n % #paths) + 1])
end

function done(summary, latency, requests)
	local secs = summary.duration / 1e6
	local e = summary.errors
	io.write(string.format(
		"BENCH rps=%.1f p50_us=%d p99_us=%d mean_us=%.1f requests=%d " ..
		"duration_us=%d connect=%d read=%d write=%d status=%d " ..
		"timeout=%d\n",
		summary.requests / secs, latency:percentile(50),
		latency:percentile(99), latency.mean, summary.requests,
		summary.duration, e.connect, e.read, e.write, e.status,
		e.timeout))
end
