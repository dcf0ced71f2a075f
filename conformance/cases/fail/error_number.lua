error(404)
