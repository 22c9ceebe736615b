"""Where the data comes from: the seed files, the AVI 130 reconstruction, its replay, synthetic programmes."""
