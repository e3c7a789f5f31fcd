-- advice.lua - wrk script for bench/advice.sh.
--
-- ADVICE_METHOD=POST with ADVICE_BODY=<file> sends that file as a JSON
-- request body (smallrun's POST /api/v1/advice); otherwise plain GETs (the
-- nginx static-file reference). Both keep the connection alive (wrk's
-- default). done() prints one machine-readable line, so the shell script
-- never scrapes wrk's human output:
--
--   BENCH rps=… p50_us=… p99_us=… mean_us=… requests=… duration_us=…
--         connect=… read=… write=… status=… timeout=…

local method = os.getenv("ADVICE_METHOD") or "GET"

if method == "POST" then
	local path = os.getenv("ADVICE_BODY")
	local f = assert(io.open(path, "rb"), "cannot read ADVICE_BODY " .. tostring(path))
	wrk.method = "POST"
	wrk.body = f:read("*a")
	f:close()
	wrk.headers["Content-Type"] = "application/json"
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
