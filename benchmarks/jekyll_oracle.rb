# frozen_string_literal: true

# Loaded into Jekyll by jekyll_oracle.py (`ruby -r`), so no file of it enters the
# site and the site's `safe:` or `plugins_dir:` cannot keep it out. It records
# every post's content after Liquid and Markdown, before the layout, and writes
# it to $JEKYLL_ORACLE_OUT; `JekyllOracle.plugins` answers which plugins load.
gem "jekyll", "4.3.1"
require "jekyll"
require "json"
require "pathname"

# The plugins kept load before the site's `_plugins`, as `Bundler.require` has them
# load for a site with a Gemfile (a site's plugin may reopen a plugin's class).
ENV.fetch("JEKYLL_ORACLE_PLUGINS", "").split(",").each { |name| require name }

module JekyllOracle
  ROOT = Pathname.new(Dir.pwd).realpath
  CONTENT = {}

  # Prints, as JSON, each plugin the config files list and whether it loads here.
  def self.plugins(config_files)
    Jekyll.logger.log_level = :error
    config = Jekyll.configuration("config" => config_files)
    loads = Array(config["plugins"]).to_h do |name|
      require name
      [name, true]
    rescue LoadError, StandardError
      [name, false]
    end
    puts JSON.generate(loads)
  end
end

# The path is taken from the site folder, not Jekyll's source, so a site whose
# `source:` is a subfolder gets `src/_posts/...`, as the site folder has it.
Jekyll::Hooks.register :posts, :post_convert do |post|
  path = Pathname.new(post.path).realpath.relative_path_from(JekyllOracle::ROOT).to_s
  JekyllOracle::CONTENT[path] = post.content
end

Jekyll::Hooks.register :site, :post_write do |_site|
  out = ENV.fetch("JEKYLL_ORACLE_OUT", nil)
  File.write(out, JSON.pretty_generate(JekyllOracle::CONTENT.sort.to_h)) if out
end
