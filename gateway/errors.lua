-- casgate's REST edge, run before the gRPC-JSON transcoder (so its response hook runs after it).
--
-- On every request: give it a request id of the form req_<alnum> (a valid client id is kept) and
-- mark REST requests in dynamic metadata, so local replies and error bodies are shaped for REST
-- only. On REST error responses: rewrite the google.rpc.Status JSON that the transcoder renders
-- into {"status":"failed","msg":…,"code":…} with the HTTP status the server asked for in
-- google.rpc.ErrorInfo.metadata.http_status and its reason as the code; print Envoy's own replies
-- the same way; tell clients whether a retry can help (x-should-retry, Retry-After). Native gRPC
-- responses are never touched.

-- The fallback status of a gRPC code and the code of a status, for errors without ErrorInfo; the
-- statuses a retry cannot fix; generated from server/status_codes.py by `make generate`.
-- status-table:start
local HTTP_FOR_GRPC = {
  [1] = 499, [2] = 500, [3] = 400, [4] = 504, [5] = 404, [6] = 409, [7] = 403, [8] = 413,
  [9] = 400, [10] = 409, [11] = 400, [12] = 501, [13] = 500, [14] = 500, [15] = 500, [16] = 401,
}
local CODE_FOR_STATUS = {
  [400] = "BAD_REQUEST", [401] = "UNAUTHENTICATED", [402] = "INSUFFICIENT_CREDITS", [403] = "FORBIDDEN",
  [404] = "NOT_FOUND", [405] = "METHOD_NOT_ALLOWED", [409] = "CONFLICT", [413] = "PAYLOAD_TOO_LARGE",
  [429] = "RATE_LIMITED", [499] = "BAD_REQUEST", [500] = "INTERNAL", [501] = "NOT_IMPLEMENTED",
  [503] = "UNAVAILABLE", [504] = "PROCESSING_TIMEOUT",
}
local RETRYABLE_4XX = {
  [408] = true, [429] = true,
}
local FUTILE_5XX = {
  [501] = true,
}
local DEFAULT_RETRY_AFTER = 5
-- status-table:end

-- {Lua pattern of a REST path, its methods}, filled by render.py from the descriptor set.
local ROUTES = {--@ROUTES@--}

local TOO_LARGE = "The request is too large: its headers or its body exceed the server's limits."

local ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
-- Each worker has its own Lua state; the address of a fresh table differs between them, so
-- workers started in the same second still get different sequences.
math.randomseed(os.time() + math.floor(os.clock() * 1000000) + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000003)

local function valid_request_id(id)
  if id == nil or id:sub(1, 4) ~= "req_" then return false end
  local rest = id:sub(5)
  return #rest >= 6 and #rest <= 64 and rest:match("^[A-Za-z0-9]+$") ~= nil
end

local function new_request_id()
  local out = {}
  for i = 1, 24 do
    local k = math.random(1, #ALNUM)
    out[i] = ALNUM:sub(k, k)
  end
  return "req_" .. table.concat(out)
end

-- The methods the REST path takes ("GET, POST"), or nil for a path no route has.
local function allowed_methods(path)
  local seen, out = {}, {}
  for _, route in ipairs(ROUTES) do
    if path:match(route[1]) then
      for verb in route[2]:gmatch("%u+") do
        if not seen[verb] then seen[verb] = true; out[#out + 1] = verb end
      end
    end
  end
  if #out == 0 then return nil end
  table.sort(out)
  return table.concat(out, ", ")
end

-- The still-JSON-escaped contents of "key":"…" in s, or nil.
local function json_string_field(s, key)
  local pat = '"' .. key .. '":"'
  local i = s:find(pat, 1, true)
  if i == nil then return nil end
  local k = i + #pat
  local start = k
  while k <= #s do
    local c = s:sub(k, k)
    if c == "\\" then k = k + 2
    elseif c == '"' then return s:sub(start, k - 1)
    else k = k + 1 end
  end
  return nil
end

function envoy_on_request(h)
  local headers = h:headers()
  local meta = h:streamInfo():dynamicMetadata()
  local id = headers:get("x-request-id")
  if not valid_request_id(id) then
    id = new_request_id()
    headers:replace("x-request-id", id)
  end
  meta:set("casgate", "request_id", id)
  local ct = headers:get("content-type") or ""
  if ct:sub(1, 16) ~= "application/grpc" then
    meta:set("casgate", "rest", "1")
    meta:set("casgate", "method", headers:get(":method") or "")
    meta:set("casgate", "path", (headers:get(":path") or "/"):match("^[^?]*"))
  end
end

-- A REST error body read: {status, msg (still JSON-escaped), code, retry_after, from_gateway}.
-- The body is the transcoder's google.rpc.Status for the server's errors, Envoy's own reply as
-- local_reply_config printed it ({"msg":…,"status":"failed"}) or the credential gate's reply
-- ({"status":"failed","msg":…}); nil for any other body.
local function error_of(s, status)
  local grpc_code = s:match('^{"code":(%d+)')
  if grpc_code ~= nil then
    local msg = json_string_field(s, "message") or ""
    local chosen = s:match('"http_status":"(%d%d%d)"') -- set by casgate's own errors only
    local out = tonumber(chosen) or HTTP_FOR_GRPC[tonumber(grpc_code)] or 500
    if chosen == nil and out == 413 then
      -- gRPC's own size refusals name its limits and every header's size: say it plainly
      msg = TOO_LARGE
    end
    return { status = out, msg = msg, code = json_string_field(s, "reason") or CODE_FOR_STATUS[out],
             retry_after = s:match('"retry_after":"(%d+)"') }
  end
  local from_envoy = s:sub(1, 7) == '{"msg":' and s:find('"status":"failed"', 1, true)
  local from_gate = s:sub(1, 26) == '{"status":"failed","msg":"' and not s:find('"code":', 1, true)
  if from_envoy or from_gate then
    return { status = status, msg = json_string_field(s, "msg") or "", code = CODE_FOR_STATUS[status],
             from_gateway = true }
  end
  return nil
end

local function json_escape(s)
  return (s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end))
end

function envoy_on_response(h)
  local md = h:streamInfo():dynamicMetadata():get("casgate") or {}
  local headers = h:headers()
  if md["request_id"] ~= nil then headers:replace("x-request-id", md["request_id"]) end
  if md["rest"] ~= "1" then return end
  headers:remove("grpc-accept-encoding")
  headers:remove("grpc-status")
  headers:remove("grpc-message")
  local status = tonumber(headers:get(":status") or "200")
  -- the inbox callback asks for a browser redirect in a response header only the server sets
  local location = headers:get("x-casgate-location")
  if location ~= nil then
    headers:remove("x-casgate-location")
    if status == 200 then
      headers:replace(":status", "302")
      headers:replace("location", location)
    end
  end
  if status < 400 then return end
  local retry_after, allow = nil, nil
  if (headers:get("content-type") or ""):sub(1, 16) == "application/json" then
    local body = h:body()
    local err = body and error_of(body:getBytes(0, body:length()), status)
    if err then
      allow = err.status == 404 and err.from_gateway and allowed_methods(md["path"] or "")
      if allow then
        -- the path exists, with other methods: 405 rather than "no such path"
        err.status, err.code = 405, CODE_FOR_STATUS[405]
        err.msg = json_escape(md["method"] .. " is not allowed on " .. md["path"] .. "; use " .. allow)
      end
      status, retry_after = err.status, err.retry_after
      body:setBytes('{"status":"failed","msg":"' .. err.msg .. '","code":"' .. (err.code or "INTERNAL") .. '"}')
    end
  end
  -- body() yielded, so the earlier headers handle is dead: fetch it again.
  headers = h:headers()
  headers:replace(":status", tostring(status))
  if allow then headers:replace("allow", allow) end
  local retryable = status >= 500 and not FUTILE_5XX[status] or RETRYABLE_4XX[status]
  if not retryable then headers:replace("x-should-retry", "false") end
  if status == 429 or status == 503 then
    headers:replace("retry-after", retry_after or tostring(DEFAULT_RETRY_AFTER))
  end
end
