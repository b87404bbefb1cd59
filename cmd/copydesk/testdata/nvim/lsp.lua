-- Drives Neovim's built-in LSP client against `copydesk lsp` (see
-- TestNeovim in ../../nvim_test.go). Neovim runs it headless:
--
--   nvim --headless --clean -n -u NONE -c 'luafile lsp.lua'
--
-- with COPYDESK_BIN (the copydesk binary), COPYDESK_ROOT (the project
-- directory), COPYDESK_FILES (the articles to open, separated by "|"),
-- COPYDESK_FIX (the article to fix with the "fix all" code action),
-- COPYDESK_FIXED (where to write that buffer afterwards) and COPYDESK_OUT
-- (where to write what it saw, as JSON) in its environment. It works on
-- Neovim 0.7 (vim.lsp.start_client) and later (vim.lsp.start).

local function env(name)
  local v = os.getenv(name)
  assert(v, name .. ' is not set')
  return v
end
local bin, root, out = env('COPYDESK_BIN'), env('COPYDESK_ROOT'), env('COPYDESK_OUT')
local results = { version = vim.version(), files = {} }

local function finish(err)
  results.error = err
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(results))
  f:close()
  vim.cmd('qa!')
end

-- wait waits for cond (at most a minute: a guard against a hang, not a
-- measurement), failing with what.
local function wait(what, cond)
  if not vim.wait(60000, cond, 20) then
    error('timed out waiting for ' .. what)
  end
end

local client_id
local function attach(buf)
  local config = { name = 'copydesk', cmd = { bin, 'lsp' }, root_dir = root }
  if vim.lsp.start then
    client_id = vim.lsp.start(config, { bufnr = buf })
  else
    client_id = client_id or vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, client_id)
  end
  assert(client_id, 'the client did not start')
end

-- diagnostics returns the buffer's diagnostics as the client stored them,
-- columns in bytes.
local function diagnostics(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data and d.user_data.lsp) or {}
    table.insert(list, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
      code = d.code or lsp.code,
      href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL,
      related = lsp.relatedInformation and #lsp.relatedInformation or 0,
    })
  end
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    if a.col ~= b.col then return a.col < b.col end
    return a.code < b.code
  end)
  return list
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, true), '\n') .. '\n'
end

local ok, err = pcall(function()
  for path in string.gmatch(env('COPYDESK_FILES'), '[^|]+') do
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local buf = vim.api.nvim_get_current_buf()
    attach(buf)
    wait('the diagnostics of ' .. path, function() return #vim.diagnostic.get(buf) > 0 end)
    local file = { path = path, diagnostics = diagnostics(buf) }
    -- Hover on the first diagnostic: what explain says of its rule.
    local first = vim.diagnostic.get(buf)[1]
    local params = {
      textDocument = vim.lsp.util.make_text_document_params(buf),
      position = { line = first.lnum, character = 0 },
    }
    local line = vim.api.nvim_buf_get_lines(buf, first.lnum, first.lnum + 1, true)[1]
    params.position.character = vim.lsp.util.character_offset(buf, first.lnum, first.col, 'utf-16')
    local answers = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 30000) or {}
    for _, a in pairs(answers) do
      if a.result and a.result.contents then
        file.hover = a.result.contents.value
      end
    end
    file.line = line
    table.insert(results.files, file)
  end

  -- Fix all: ask for the source.fixAll action, choose it as a user would
  -- in the menu, and wait for the server's workspace/applyEdit to change
  -- the buffer.
  vim.cmd('edit ' .. vim.fn.fnameescape(env('COPYDESK_FIX')))
  local buf = vim.api.nvim_get_current_buf()
  attach(buf)
  wait('the diagnostics of the file to fix', function() return #vim.diagnostic.get(buf) > 0 end)
  local before = buffer_text(buf)
  local tick = vim.api.nvim_buf_get_changedtick(buf)
  local offered = {}
  vim.ui.select = function(items, opts, on_choice)
    for _, item in ipairs(items) do
      local action = item[2] or item.action
      table.insert(offered, action.title)
      if action.title:find('^Fix all copydesk findings') then
        return on_choice(item)
      end
    end
    on_choice(nil)
  end
  if vim.fn.has('nvim-0.8') == 1 then
    vim.lsp.buf.code_action({ context = { only = { 'source.fixAll' } } })
  else
    vim.lsp.buf.code_action({ only = { 'source.fixAll' } })
  end
  wait('the fix all edit', function() return vim.api.nvim_buf_get_changedtick(buf) ~= tick end)
  -- The server re-checks the fixed text: wait for what remains.
  wait('the diagnostics after fixing', function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'house/undesirable-notice' then return false end
    end
    return true
  end)
  results.offered = offered
  results.fixed_changed = buffer_text(buf) ~= before
  results.after_fix = diagnostics(buf)
  vim.cmd('write ' .. vim.fn.fnameescape(env('COPYDESK_FIXED')))
end)
finish(not ok and tostring(err) or nil)
