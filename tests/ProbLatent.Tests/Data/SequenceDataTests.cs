using ProbLatent.Data;

namespace ProbLatent.Tests.Data;

public class SequenceDataTests
{
    [Fact]
    public void A_csv_file_without_a_sequence_column_is_one_sequence_in_row_order()
    {
        var data = SequenceCsv.ParseText("a,b\n1,2\n3,4\n5,6\n", "s.csv");
        Assert.Equal([3], data.Lengths);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], data.Steps.Values.ToArray());
        Assert.Equal(["a", "b"], data.Steps.ColumnNames);
    }

    [Fact]
    public void A_sequence_column_tells_sequences_of_different_lengths_apart_and_is_not_data()
    {
        var data = SequenceCsv.ParseText("id,x\nA,1\nA,2\nA,3\nB,4\n7,5\n7,6\n", "s.csv", sequenceColumn: "id");
        Assert.Equal([3, 1, 2], data.Lengths);
        Assert.Equal(["x"], data.Steps.ColumnNames);
        Assert.Equal([5.0, 6], data.Sequence(2).Values.ToArray());
        Assert.Equal(3, data.Start(1));
        Assert.Equal((2, 1), data.Locate(5));
    }

    [Fact]
    public void A_sequence_that_resumes_after_another_ones_rows_is_a_gap_named_by_both_rows()
    {
        var e = Assert.Throws<DataException>(() => SequenceCsv.ParseText("id,x\nA,1\nA,2\nB,3\nA,4\n", "s.csv", sequenceColumn: "id"));
        Assert.Equal("s.csv, row 3 (line 5), column 0 'id': sequence 'A' resumes here after a gap: its rows stopped at row 1 and rows of other sequences came between; " +
                     "a sequence's rows must be consecutive, in time order (sort the file by the sequence column, keeping each sequence's order)", e.Message);
    }

    [Fact]
    public void Bad_values_name_the_sequence_its_step_and_the_row()
    {
        var nan = Assert.Throws<DataException>(() => SequenceCsv.ParseText("id,x\nA,1\nB,2\nB,NaN\n", "s.csv", sequenceColumn: "id"));
        Assert.Equal("s.csv, row 2 (line 4), column 1 'x': sequence 'B', step 1: 'NaN' is not a finite number (a NaN is a missing cell: " + SequenceCsv.NoMissing + ")", nan.Message);
        var single = Assert.Throws<DataException>(() => SequenceCsv.ParseText("x\n1\n\"\"\n", "s.csv"));
        Assert.Equal("s.csv, row 1 (line 3), column 0 'x': the cell is empty (" + SequenceCsv.NoMissing + ")", single.Message);
        var empty = Assert.Throws<DataException>(() => SequenceCsv.ParseText("id,x\nA,1\n,2\n", "s.csv", sequenceColumn: "id"));
        Assert.Contains("row 1 (line 3), column 0 'id': the sequence value is empty", empty.Message);
        var missing = Assert.Throws<DataException>(() => SequenceCsv.ParseText("id,x\nA,1\n", "s.csv", sequenceColumn: "run"));
        Assert.Contains("run", missing.Message);
    }

    [Fact]
    public void Sequences_given_as_arrays_or_matrices_are_refused_when_empty_of_another_width_or_not_finite()
    {
        Assert.Equal("sequences: sequence 1 is empty; every sequence needs at least one step",
            Assert.Throws<DataException>(() => SequenceData.FromArrays([[[1.0]], []])).Message);
        Assert.Equal("sequences: sequence 1, row 2 has 1 value but sequence 0's rows have 2",
            Assert.Throws<DataException>(() => SequenceData.FromArrays([[[1.0, 2]], [[1.0, 2], [3.0, 4], [5.0]]])).Message);
        Assert.Equal("sequences, column 0: sequence 0, row 1: value NaN is not a finite number",
            Assert.Throws<DataException>(() => SequenceData.FromArrays([[[1.0], [double.NaN]]])).Message);
        Assert.Equal("sequences: sequence 1 (b) has 1 column but sequence 0 has 2; every step of every sequence has the same columns",
            Assert.Throws<DataException>(() => SequenceData.Of([new DataMatrix([1.0, 2], 1, 2), new DataMatrix([1.0], 1, 1, source: "b")])).Message);
        Assert.Contains("the sequence lengths add up to 3 steps but the data has 2 rows",
            Assert.Throws<DataException>(() => SequenceData.Split(new DataMatrix([1.0, 2], 2, 1), [1, 2])).Message);
        Assert.Contains("sequence 1 is empty (0 steps)",
            Assert.Throws<DataException>(() => SequenceData.Split(new DataMatrix([1.0, 2], 2, 1), [2, 0])).Message);
        Assert.Contains("no sequences were given", Assert.Throws<DataException>(() => SequenceData.Of([])).Message);
    }
}
