-- wrk script: POST a web-form report with a fresh Idempotency-Key per request, so every request
-- creates a ticket (a repeat would only read one back).
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + id)
  prefix = string.format("bench-%d-%d-", os.time(), id)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json; charset=utf-8"
wrk.body = '{"type":"complaint","category":"E0508","description":"楼下酒吧夜里噪音扰民，希望尽快处理。","address":"东城区东四十条甲22号","location":{"lat":39.932,"lon":116.428},"phone":"13800001234","consent":true}'

function request()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = prefix .. counter
  return wrk.format(nil, "/api/v1/reports")
end

function response(status, headers, body)
  if status ~= 201 then
    errors = (errors or 0) + 1
  end
end
