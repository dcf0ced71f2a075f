local function printf(fmt, ...) io.write(string.format(fmt, ...)) end
printf("%s has %d items costing %.2f\n", "cart", 3, 19.999)
printf("%-6s|%6s|\n", "left", "right")
printf("%5.1f%%\n", 99.44)
printf("no args\n")
