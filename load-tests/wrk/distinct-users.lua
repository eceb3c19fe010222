-- wrk script: every request is a POST to one path with the bearer token of a different user.
--   wrk -t2 -c128 -d15s -s distinct-users.lua http://127.0.0.1:4000 -- <tokens-file> <path> <threads> [body] [ids]
-- tokens-file: one JWT per line; thread i of n takes lines i+1, i+1+n, ... so a line is used once (a user
-- repeats only where the file repeats its token, as for the point-use phase's accounts).
-- body (optional, "-" for none): a JSON body template; each "{n}" in it becomes a value unique in the
-- run (<thread>-<request number>), e.g. {"orderId":"run-{n}","amount":10}.
-- ids (optional): "ids" collects the requestId of every 202 answer (body, else the Location header).
-- A thread that runs out of tokens stops (the run is bounded by requests as well as by -d).
-- done() prints one line "BENCH_JSON {...}": requests, duration (us), socket errors, latency
-- percentiles (us), counts by status and by the X-Strategy response header, exhausted threads, and
-- with "ids" the request ids answered 202.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, path, count = args[1], args[2], tonumber(args[3])
  tokens, next_token, exhausted = {}, 1, 0
  statuses, served_by, request_ids = {}, {}, {}
  body_template = (args[4] ~= nil and args[4] ~= "-") and args[4] or nil
  record_ids = args[5] == "ids"
  local line_no = 0
  for line in io.lines(file) do
    if line_no % count == id then
      tokens[#tokens + 1] = line
    end
    line_no = line_no + 1
  end
  target = path
end

function request()
  local token = tokens[next_token]
  if token == nil then
    exhausted = 1
    wrk.thread:stop()
    token = tokens[#tokens]
  end
  next_token = next_token + 1
  if body_template then
    local unique = id .. "-" .. next_token
    return wrk.format("POST", target, { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" },
      (body_template:gsub("{n}", unique)))
  end
  return wrk.format("POST", target, { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local strategy = headers["X-Strategy"] or headers["x-strategy"]
  if strategy then
    served_by[strategy] = (served_by[strategy] or 0) + 1
  end
  if record_ids and status == 202 then
    local request_id = body and string.match(body, '"requestId"%s*:%s*"([^"]+)"')
      or string.match(headers["Location"] or headers["location"] or "", "/requests/([^/?]+)$")
    if request_id then
      request_ids[#request_ids + 1] = request_id
    end
  end
end

local function add(into, from)
  for key, value in pairs(from) do
    into[tostring(key)] = (into[tostring(key)] or 0) + value
  end
end

local function object(map)
  local parts = {}
  for key, value in pairs(map) do
    parts[#parts + 1] = string.format('"%s":%d', key, value)
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local all_statuses, all_served, all_exhausted, all_ids = {}, {}, 0, {}
  for _, thread in ipairs(threads) do
    add(all_statuses, thread:get("statuses"))
    add(all_served, thread:get("served_by"))
    all_exhausted = all_exhausted + thread:get("exhausted")
    for _, request_id in ipairs(thread:get("request_ids")) do
      all_ids[#all_ids + 1] = '"' .. request_id .. '"'
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},'
      .. '"latency_us":{"p50":%d,"p90":%d,"p95":%d,"p99":%d,"max":%d,"mean":%.1f},'
      .. '"statuses":%s,"served_by":%s,"exhausted_threads":%d,"request_ids":[%s]}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean, object(all_statuses), object(all_served), all_exhausted, table.concat(all_ids, ",")))
end
