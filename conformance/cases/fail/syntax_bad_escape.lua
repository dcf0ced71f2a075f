local s = "bad \k escape"
