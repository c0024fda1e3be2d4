# agrimatch: report texts (zh-CN). Keys prefixed by area; see locales/en/terminal.ftl for the conventions.
