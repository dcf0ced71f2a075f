for _, f in ipairs({"%5d", "%-5d", "%05d", "%+5d", "% d", "%5.3d", "%x", "%#X", "%o"}) do
  io.write("[", string.format(f, 42), "]")
end
print()
for _, f in ipairs({"%8.3f", "%-8.2f", "%08.3f", "%+.1e", "%.0e", "%#.3g", "%g", "%.10g"}) do
  io.write("[", string.format(f, 3.14159), "]")
end
print()
