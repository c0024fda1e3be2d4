# agrimatch: errors texts (en). Keys prefixed by area; see locales/en/terminal.ftl for the conventions.
