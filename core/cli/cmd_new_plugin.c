/*
 * cli_new_plugin.c - `textpipe new-plugin NAME [DIR]`: writes a small
 * out-of-tree autotools project for a new plugin (DESIGN §8).
 *
 * The templates live in sdk/template/ and are compiled in (sdk/local.mk
 * runs sdk/gen-scaffold.sh into sdk/scaffold_files.c), so the command needs
 * no data files and always matches the SDK installed with it.  The only
 * substitutions are {{NAME}} and {{TEXTPIPE_VERSION}}.
 *
 * It never overwrites: if any file it would write exists, it writes none.
 */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "fileio.h"
#include "report.h"
#include "xalloc.h"

/* Defined in the generated sdk/scaffold_files.c. */
struct tp__scaffold_file {
    const char *path;
    int mode;
    const char *text;
};
extern const struct tp__scaffold_file tp__scaffold_files[];
extern const char tp__scaffold_pkgconfigdir[];

const tp__command tp__command_new_plugin = {
    "new-plugin",
    tp__cmd_new_plugin,
    "NAME [DIR]",
    "write an out-of-tree plugin project (autotools, test, example config) into DIR",
};

static const char new_plugin_help[] =
    "\n"
    "Writes an autotools project for a plugin called NAME into DIR (default: ./NAME):\n"
    "the plugin source with an option, a cmocka test using the textpipe testkit, an\n"
    "example config, configure.ac and Makefile.am that find textpipe with pkg-config\n"
    "and install into its plugindir.  NAME: lower case letters, digits and _,\n"
    "starting with a letter.  Existing files are never overwritten.\n";

/* Plugin names the project can use everywhere: the module file, the C
 * identifiers of the descriptor and automake's variable names. */
static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64 || !(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

/* `in` with {{NAME}} and {{TEXTPIPE_VERSION}} replaced; malloc'd. */
static char *expand(const char *in, const char *name)
{
    static const char kname[] = "{{NAME}}", kver[] = "{{TEXTPIPE_VERSION}}";
    tp__buf b = {0};
    while (*in) {
        if (strncmp(in, kname, sizeof kname - 1) == 0) {
            tp__buf_puts(&b, name);
            in += sizeof kname - 1;
        } else if (strncmp(in, kver, sizeof kver - 1) == 0) {
            tp__buf_puts(&b, PACKAGE_VERSION);
            in += sizeof kver - 1;
        } else {
            tp__buf_putc(&b, *in++);
        }
    }
    tp__buf_putc(&b, '\0');
    return b.data;
}

/* mkdir -p for the folders above `path` (and `path` itself when is_dir). */
static int make_dirs(const char *path, int is_dir)
{
    char *p = tp__xstrdup(path);
    int rc = 0;
    for (char *s = p + 1; *s && rc == 0; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *s = '/';
    }
    if (rc == 0 && is_dir && mkdir(p, 0777) != 0 && errno != EEXIST)
        rc = -1;
    free(p);
    return rc;
}

/* Whether `./configure` alone finds textpipe.pc (pkg-config's default
 * path), or the user needs PKG_CONFIG_PATH. */
static int pc_in_default_path(const char *dir)
{
    static const char *const std[] = {"/usr/lib/", "/usr/local/lib/", "/usr/share/", "/usr/local/share/"};
    for (size_t i = 0; i < sizeof std / sizeof *std; i++)
        if (strncmp(dir, std[i], strlen(std[i])) == 0)
            return 1;
    return 0;
}

int tp__cmd_new_plugin(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        FILE *out = opt == 'h' ? stdout : stderr;
        tp__command_usage(out, &tp__command_new_plugin);
        fputs(new_plugin_help, out);
        return opt == 'h' ? TP_EXIT_OK : TP_EXIT_USAGE;
    }
    int nargs = argc - optind;
    if (nargs < 1 || nargs > 2) {
        tp__cli_error("new-plugin takes a NAME and optionally a DIR");
        tp__command_usage(stderr, &tp__command_new_plugin);
        fputs(new_plugin_help, stderr);
        return TP_EXIT_USAGE;
    }
    const char *name = argv[optind];
    const char *dir = nargs == 2 ? argv[optind + 1] : name;
    if (!valid_name(name)) {
        tp__cli_error("\"%s\" is not a usable plugin name: use lower case letters, digits and _, starting with a "
                      "letter, at most 64 characters (it names the module file, C identifiers and the config's "
                      "plugin = \"...\")",
                      name);
        return TP_EXIT_USAGE;
    }
    if (!*dir) {
        tp__cli_error("the project folder name is empty");
        return TP_EXIT_USAGE;
    }
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        tp__cli_error("%s exists and is not a folder", dir);
        return TP_EXIT_USAGE;
    }

    /* Every file, expanded, checked before anything is written. */
    size_t n = 0;
    while (tp__scaffold_files[n].path) n++;
    char **paths = tp__xcalloc(n, sizeof *paths);
    char **rel = tp__xcalloc(n, sizeof *rel);
    int rc = TP_EXIT_OK;
    size_t exist = 0, first = 0;
    for (size_t i = 0; i < n; i++) {
        rel[i] = expand(tp__scaffold_files[i].path, name);
        paths[i] = tp__xasprintf("%s/%s", dir, rel[i]);
        if (lstat(paths[i], &st) == 0 && exist++ == 0)
            first = i;
    }
    if (exist) {
        char more[64] = "";
        if (exist > 1)
            snprintf(more, sizeof more, " (and %zu more of the files new-plugin writes)", exist - 1);
        tp__cli_error("%s already exists%s; new-plugin never overwrites: choose another DIR, or move %s away",
                      paths[first], more, exist > 1 ? "them" : "it");
        rc = TP_EXIT_USAGE;
    }
    for (size_t i = 0; i < n && rc == TP_EXIT_OK; i++) {
        char *text = expand(tp__scaffold_files[i].text, name);
        int fd = -1;
        if (make_dirs(paths[i], 0) == 0)
            fd = open(paths[i], O_WRONLY | O_CREAT | O_EXCL, (mode_t)tp__scaffold_files[i].mode);
        if (fd < 0 || tp__write_full(fd, text, strlen(text)) != 0) {
            tp__cli_error("cannot write %s: %s", paths[i], strerror(errno));
            rc = TP_EXIT_IO;
        }
        if (fd >= 0 && close(fd) != 0 && rc == TP_EXIT_OK) {
            tp__cli_error("cannot write %s: %s", paths[i], strerror(errno));
            rc = TP_EXIT_IO;
        }
        free(text);
    }
    if (rc == TP_EXIT_OK) {
        printf("Created plugin project \"%s\" in %s/:\n", name, dir);
        for (size_t i = 0; i < n; i++) printf("  %s\n", rel[i]);
        printf("\nNext:\n  cd %s\n  ./autogen.sh\n", dir);
        if (pc_in_default_path(tp__scaffold_pkgconfigdir))
            printf("  ./configure\n");
        else
            printf("  PKG_CONFIG_PATH=%s ./configure\n", tp__scaffold_pkgconfigdir);
        printf("  make check          # builds %s.la and runs test_%s\n"
               "  make install        # into textpipe's plugin folder\n"
               "  textpipe plugins    # lists %s\n"
               "  textpipe run -c %s.cfg sample.txt\n",
               name, name, name, name);
    }
    for (size_t i = 0; i < n; i++) {
        free(paths[i]);
        free(rel[i]);
    }
    free(paths);
    free(rel);
    return rc;
}
