-- wrk script for benchmarks/load.py: sends prepared raw HTTP requests, each once.
--
--   wrk -t2 -c16 -d8s -s benchmarks/walk.lua http://127.0.0.1:5800 -- FILE CYCLE
--
-- FILE holds the requests separated by the byte 0x1e. Thread k (1-based) of T sends requests
-- k, k+T, k+2T... in order, so the walk stays in file order overall (answers to question 1 of
-- every attempt before question 2...). With CYCLE "1" a thread starts over when its share is
-- used up (read-only requests); with "0" it sends a request that is answered 404 instead, and
-- load.py reports that the run ran out of fresh requests.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
  thread:set("nthreads", 0)
end

function init(args)
  local handle = assert(io.open(args[1], "rb"))
  local data = handle:read("*a")
  handle:close()
  cycle = args[2] == "1"
  all = {}
  for req in string.gmatch(data, "([^\30]+)") do
    table.insert(all, req)
  end
  mine = {}
  local total = tonumber(args[3])
  local i = id
  if cycle then
    total = 1
    i = 1
  end
  while i <= #all do
    table.insert(mine, all[i])
    i = i + total
  end
  all = nil
  issued = 0
  statuses = {}
  exhausted = "GET /__exhausted__ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
end

function request()
  local n = #mine
  if issued >= n and not cycle then
    return exhausted
  end
  local req = mine[(issued % n) + 1]
  issued = issued + 1
  return req
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local issued = {}
  local counts = {}
  for _, thread in ipairs(threads) do
    table.insert(issued, thread:get("issued"))
    local s = thread:get("statuses")
    for code, count in pairs(s) do
      counts[code] = (counts[code] or 0) + count
    end
  end
  local parts = {}
  for code, count in pairs(counts) do
    table.insert(parts, code .. ":" .. count)
  end
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d issued=%s statuses=%s\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    table.concat(issued, ","), table.concat(parts, ",")))
end
