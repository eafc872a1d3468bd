/*
 * commands.h - one entry point per subcommand (git's builtin/ convention):
 * each parses its own options, wires the stages together and picks the exit
 * code.  No analysis logic lives in src/cmd/.
 */
#ifndef ZJ_COMMANDS_H
#define ZJ_COMMANDS_H

int zj_cmd_count(int argc, char **argv);
int zj_cmd_dict(int argc, char **argv);
int zj_cmd_sections(int argc, char **argv);
int zj_cmd_compare(int argc, char **argv);
int zj_cmd_reuse(int argc, char **argv);
int zj_cmd_report(int argc, char **argv);
int zj_cmd_kwic(int argc, char **argv);
int zj_cmd_discover(int argc, char **argv);
int zj_cmd_text(int argc, char **argv);

#endif
