local t = 1234567890
print(os.date("!%Y-%m-%d %H:%M:%S", t))
print(os.date("!%y %j %a %A %b %B %p %I", t))
print(os.date("!%c", t))
print(os.date("!%x %X %D %T %F %R", t))
print(os.date("!%d/%m %e %M %S %w %u %%", t))
print(os.date("!%H", 0), os.date("!%Y", 0))
print(os.date("!%G %g %V %U %W %C %h %n%t|", t))
