/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: the single ordered event stream.
 */

#ifndef SOCKBENCH_EVENT_TRACE_H
#define SOCKBENCH_EVENT_TRACE_H

#include "trace-record.h"

#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief The ordered stream of trace records shared by the hosts of one simulation.
 *
 * Every record gets the next sequence number and the current simulated time. The stream is
 * exposed as the trace source "Record", can be kept in memory (attribute KeepRecords, for
 * matchers), and can be streamed to a JSON Lines file. When nothing consumes records,
 * IsEnabled() is false and emitters skip building them.
 */
class EventTrace : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    EventTrace();
    ~EventTrace() override;

    /**
     * \brief Signature of the "Record" trace source.
     * \param record the record just emitted
     */
    typedef void (*RecordCallback)(const TraceRecord& record);

    /**
     * \brief Whether any consumer (memory, file or trace sink) takes records.
     * \return true when emitting a record has an effect
     */
    bool IsEnabled() const;

    /**
     * \brief Append a record. Its seq and timeNs are filled in here.
     * \param record the record
     */
    void Emit(TraceRecord record);

    /**
     * \brief The records kept in memory (empty when KeepRecords is false).
     * \return the records in order
     */
    const std::vector<TraceRecord>& GetRecords() const;

    /**
     * \brief How many records were emitted since creation or Clear().
     * \return the count
     */
    uint64_t GetCount() const;

    /**
     * \brief Forget kept records and restart sequence numbers at 0.
     */
    void Clear();

    /**
     * \brief Stream every following record to a file, one JSON object per line.
     * \param path file to create (truncated)
     * \return false when the file cannot be opened
     */
    bool OpenJsonLinesFile(const std::string& path);

    /**
     * \brief Flush and close the file opened by OpenJsonLinesFile().
     */
    void CloseJsonLinesFile();

    /**
     * \brief Write the kept records as JSON Lines.
     * \param os the stream
     */
    void WriteJsonLines(std::ostream& os) const;

  protected:
    void DoDispose() override;

  private:
    bool m_keepRecords;                               //!< attribute KeepRecords
    uint64_t m_nextSeq{0};                            //!< sequence number of the next record
    std::vector<TraceRecord> m_records;               //!< kept records
    std::unique_ptr<std::ofstream> m_file;            //!< JSON Lines sink, if open
    TracedCallback<const TraceRecord&> m_recordTrace; //!< trace source "Record"
};

/**
 * \ingroup sockbench
 * \brief Read a JSON Lines trace written by EventTrace.
 * \param path the file
 * \param[out] records the records, in file order
 * \param[out] error the first problem, with its line number (may be nullptr)
 * \return false when the file cannot be read or a line does not parse
 */
bool ReadTraceJsonLines(const std::string& path,
                        std::vector<TraceRecord>& records,
                        std::string* error);

} // namespace ns3

#endif /* SOCKBENCH_EVENT_TRACE_H */
