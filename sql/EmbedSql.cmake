# Writes a C++ source that embeds every NNNN_name.sql of one folder, in order, as raw strings.
# Run at build time:  cmake -DSQL_DIR=... -DOUTPUT=... -DFUNCTION=... -P EmbedSql.cmake
file(GLOB files RELATIVE "${SQL_DIR}" "${SQL_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT files)
set(entries "")
foreach(file IN LISTS files)
    string(REGEX MATCH "^([0-9]+)_(.*)\\.sql$" _ "${file}")
    math(EXPR version "${CMAKE_MATCH_1}")
    set(name "${CMAKE_MATCH_2}")
    file(READ "${SQL_DIR}/${file}" text)
    if(text MATCHES "\\)cms_sql\"")
        message(FATAL_ERROR "${file} contains the raw-string delimiter )cms_sql\"")
    endif()
    string(APPEND entries "        {${version}, \"${name}\", R\"cms_sql(${text})cms_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${SQL_DIR} by sql/EmbedSql.cmake: do not edit.
#include \"core/storage/Migration.h\"

namespace cms::core::storage {

const std::vector<Migration>& ${FUNCTION}()
{
    static const std::vector<Migration> migrations{
${entries}    };
    return migrations;
}

} // namespace cms::core::storage
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
