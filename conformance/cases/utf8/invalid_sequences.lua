local bad = {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF8\x88\x80\x80\x80", "\x80", "abc\xE2\x82"}
for _, s in ipairs(bad) do
  local n, pos = utf8.len(s)
  io.write(tostring(n), "/", tostring(pos), " ")
end
print()
print(utf8.len("\u{10FFFF}"), utf8.len("\xF4\x8F\xBF\xBF"))
