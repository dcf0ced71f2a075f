io.stdout:setvbuf("full")
io.write("buffered text must appear\n")
os.exit(5, true)
