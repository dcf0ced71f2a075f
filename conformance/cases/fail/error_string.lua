io.write("partial output ")
error("explicit failure")
